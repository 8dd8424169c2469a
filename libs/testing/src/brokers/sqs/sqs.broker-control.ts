import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../poll.js';
import { REPOSITORY_ROOT } from '../../repository-root.js';
import type { BrokerControl } from '../broker-control.js';
import { pidOf } from '../broker-process.js';

/**
 * The SNS/SQS emulator as `npm run brokers:up` started it (scripts/brokers/sqs/emulator.mjs).
 * stop() takes its endpoint away with every topic, queue and message kept (SIGUSR1; start() is SIGUSR2):
 * that is a real SNS/SQS outage as clients see it. Killing the process instead would lose everything
 * it holds (it keeps all in memory), which no AWS outage does.
 */
export class SqsBrokerControl implements BrokerControl {
  /** The emulator's endpoint: AWS_ENDPOINT_URL as the services read it (unset: the local default). */
  constructor(private readonly endpoint: string | undefined) {}

  async stop(): Promise<void> {
    this.emulatorEndpoint();
    process.kill(this.pid(), 'SIGUSR1');
    await waitFor('the SNS/SQS endpoint to go away', async () => !(await this.answers()), { timeoutMs: 10_000 });
  }

  async start(): Promise<void> {
    this.emulatorEndpoint();
    process.kill(this.pid(), 'SIGUSR2');
    await waitFor('the SNS/SQS emulator to answer again', () => this.answers(), { timeoutMs: 10_000 });
  }

  async hang(): Promise<void> {
    process.kill(this.pid(), 'SIGSTOP');
  }

  async resume(): Promise<void> {
    process.kill(this.pid(), 'SIGCONT');
  }

  /** An empty AWS_ENDPOINT_URL means AWS itself, which no test can (or may) stop. */
  private emulatorEndpoint(): string {
    if (!this.endpoint)
      throw new Error('AWS_ENDPOINT_URL is empty, which means AWS itself: only the emulator has controls');
    return this.endpoint;
  }

  private answers(): Promise<boolean> {
    return fetch(`${this.emulatorEndpoint()}/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
  }

  private pid(): number {
    const pidFile = join(REPOSITORY_ROOT, '.brokers/sqs/emulator.pid');
    const recorded = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
    if (recorded && existsSync(`/proc/${recorded}/cmdline`)) {
      if (readFileSync(`/proc/${recorded}/cmdline`, 'utf8').includes('sqs/emulator.mjs')) return recorded;
    }
    return pidOf('^node .*brokers/sqs/emulator\\.mjs');
  }
}
