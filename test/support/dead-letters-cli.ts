import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { BrokerName } from '#messaging';
import type { DeadLetter } from '#messaging/operator';

const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');
/**
 * The command `npm run dead-letters` runs once it found the build (`node <heap limits> dist/scripts/dead-letters.js`),
 * read from package.json so that the tests run exactly what a user runs.
 */
const TOOL_COMMAND = (
  JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts['dead-letters']!.split('&&')
  .pop()!
  .trim()
  .split(/\s+/);
/** The compiled tool that command starts: `npm run build` (part of `npm test`) writes it. */
const TOOL_ENTRY = TOOL_COMMAND.find((part) => part.endsWith('.js'));
/** GNU time reports the peak resident set of the process it runs, measured by the kernel. */
const GNU_TIME = '/usr/bin/time';
/** What a run keeps of stderr and of its human output, whatever the tool prints. */
const KEPT_TEXT_CHARS = 64 * 1024;

export interface DeadLettersCliRun {
  exitCode: number | null;
  /** Lines the tool wrote to stdout (each handed to `onLine`, none kept). */
  lines: number;
  /** Bytes the tool wrote to stdout. */
  bytes: number;
  /** The first 64 KiB of stdout, for short answers such as `replayed 1 of 1 requested`. */
  head: string;
  stderr: string;
  /** The tool's peak resident set size in bytes, when `measureMemory` was asked. */
  peakRssBytes?: number;
}

/**
 * `npm run dead-letters -- <args>` as a user runs it (minus npm itself), streamed: each stdout line
 * goes to `onLine` and is dropped, so a test never buffers what the tool prints, however much that
 * is. With `measureMemory` the tool's peak RSS is measured from outside.
 */
export async function runDeadLettersCli(
  broker: BrokerName,
  args: string[],
  {
    onLine = () => undefined,
    measureMemory = false,
  }: { onLine?: (line: string) => void; measureMemory?: boolean } = {},
): Promise<DeadLettersCliRun> {
  if (!TOOL_ENTRY || !existsSync(join(REPOSITORY_ROOT, TOOL_ENTRY))) {
    throw new Error(`${TOOL_ENTRY ?? 'the dead-letters tool'} not found: run npm run build first`);
  }
  const tool = [process.execPath, ...TOOL_COMMAND.slice(1), ...args];
  const workDirectory = measureMemory ? await mkdtemp(join(tmpdir(), 'dead-letters-rss-')) : undefined;
  const rssFile = workDirectory && join(workDirectory, 'max-rss-kib');
  const [command, ...commandArgs] = rssFile ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...tool] : tool;
  const child = spawn(command!, commandArgs, {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, BROKER: broker },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: DeadLettersCliRun = { exitCode: null, lines: 0, bytes: 0, head: '', stderr: '' };
  child.stderr.on('data', (chunk: Buffer) => {
    if (run.stderr.length < KEPT_TEXT_CHARS) run.stderr += chunk.toString().slice(0, KEPT_TEXT_CHARS);
  });
  const exited = new Promise<number | null>((done) => child.once('close', done));
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      run.lines += 1;
      run.bytes += Buffer.byteLength(line) + 1;
      if (run.head.length < KEPT_TEXT_CHARS) run.head += `${line}\n`.slice(0, KEPT_TEXT_CHARS - run.head.length);
      onLine(line);
    }
    run.exitCode = await exited;
    if (rssFile) run.peakRssBytes = Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop()) * 1024;
    return run;
  } finally {
    if (child.exitCode === null) child.kill();
    if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
  }
}

/** One letter of a `--json` run, as the tool prints it. */
export type DeadLetterLine = DeadLetter & { service: string; broker: string; outcome: string; note?: string };

/** True for the letters' lines of a `--json` run (the summary lines apart). */
export function isLetterLine(value: unknown): value is DeadLetterLine {
  return typeof value === 'object' && value !== null && 'locator' in value;
}
