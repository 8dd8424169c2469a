import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from '#testing';
import type { ConformanceBroker } from '../capabilities.js';
import { CONFORMANCE_LINE } from './crashable-consumer.protocol.js';

const REPOSITORY_ROOT = resolve(import.meta.dirname, '../../..');
const ENTRY = resolve(import.meta.dirname, 'crashable-consumer.main.ts');

export interface CrashableConsumerOptions {
  broker: ConformanceBroker;
  serviceName: string;
  type: string;
  env?: Record<string, string>;
}

/** The test's side of crashable-consumer.main.ts: start it, see what it received, kill it. */
export class CrashableConsumer {
  /** Ids of the events its handler received (and holds, unacknowledged). */
  readonly received = new Set<string>();
  private ready = false;
  private readonly output: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.read(line);
    });
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  static async start({ broker, serviceName, type, env = {} }: CrashableConsumerOptions): Promise<CrashableConsumer> {
    const { NODE_OPTIONS: _jestOnly, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...inherited,
        CONFORMANCE_BROKER: broker,
        CONFORMANCE_SERVICE: serviceName,
        CONFORMANCE_TYPE: type,
        CONFORMANCE_LOG_LEVEL: 'error',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const consumer = new CrashableConsumer(child);
    await waitFor(
      `the crashable consumer for ${serviceName} to be ready`,
      () => {
        if (child.exitCode !== null) throw new Error(`it exited with ${child.exitCode}:\n${consumer.logs}`);
        return consumer.ready;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    ).catch(async (error) => {
      await consumer.kill();
      throw error;
    });
    return consumer;
  }

  get logs(): string {
    return this.output.join('');
  }

  /** SIGKILL, as in a crash, and wait until it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private read(line: string): void {
    if (!line.startsWith(CONFORMANCE_LINE)) {
      this.output.push(`${line}\n`);
      return;
    }
    const fact = JSON.parse(line.slice(CONFORMANCE_LINE.length)) as { ready?: boolean; received?: string };
    if (fact.ready) this.ready = true;
    if (fact.received) this.received.add(fact.received);
  }
}
