import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A Java tool whose jars Maven copies from Maven Central into `.brokers/<name>/`, like the broker's own. */
export interface JavaTool {
  name: string;
  /** Relative to the repository root. */
  pom: string;
  version: string;
  /** `-D` properties that pick the version in the pom. */
  properties: Record<string, string>;
}

export const KAFKA_VERSION = process.env.KAFKA_VERSION ?? '4.1.1';
export const PERF_TEST_VERSION = '2.22.1';

/** kafka-tools (ProducerPerformance, ConsumerPerformance), from the same pom and version as the broker. */
export const KAFKA_TOOLS: JavaTool = {
  name: 'kafka-tools',
  pom: 'scripts/brokers/kafka/pom.xml',
  version: KAFKA_VERSION,
  properties: { 'kafka.version': KAFKA_VERSION },
};

export const PERF_TEST: JavaTool = {
  name: 'perf-test',
  pom: 'bench/ceiling/perf-test.pom.xml',
  version: PERF_TEST_VERSION,
  properties: { 'perf-test.version': PERF_TEST_VERSION },
};

/** The tool's classpath (`.brokers/<name>/*`), fetched once per version with `mvn dependency:copy-dependencies`. */
export async function toolClasspath(root: string, tool: JavaTool): Promise<string> {
  const dir = join(root, '.brokers', tool.name);
  const marker = join(dir, '.version');
  if (existsSync(marker) && (await readFile(marker, 'utf8')).trim() === tool.version) return join(dir, '*');
  // Into a temp dir and swapped, so an interrupted download is never taken for a complete one.
  const tmp = `${dir}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  const args = [
    '-q',
    '-B',
    '-f',
    join(root, tool.pom),
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${tmp}`,
    ...Object.entries(tool.properties).map(([name, value]) => `-D${name}=${value}`),
  ];
  const { code, output } = await run('mvn', args);
  if (code !== 0) throw new Error(`Maven could not fetch ${tool.name} ${tool.version}:\n${output.slice(-2_000)}`);
  await writeFile(join(tmp, '.version'), `${tool.version}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return join(dir, '*');
}

/** Runs a command to completion; keeps only the last 64 KiB of its output (a tool can be chatty). */
export function run(command: string, args: string[], timeoutMs = 300_000): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-65_536);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start (${error.message}): is it installed?`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}
