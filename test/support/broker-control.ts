import { execFileSync, spawn } from 'node:child_process';
import { openSync, readFileSync, readlinkSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BrokerName } from '#messaging';
import { waitFor } from './poll.js';
import { KafkaRawClient } from './kafka.raw-client.js';

/** Faults a test can inflict on the broker that is running on this machine, and their repair. */
export interface BrokerControl {
  /** Stops the broker abruptly (Kafka: SIGKILL of the JVM; RabbitMQ: stop_app). */
  stop(): Promise<void>;
  /** Starts it again and waits until it serves clients. */
  start(): Promise<void>;
  /** Freezes the broker's process (SIGSTOP): connections stay open, nothing answers. */
  hang(): Promise<void>;
  /** Thaws it (SIGCONT). */
  resume(): Promise<void>;
}

export function brokerControlFor(broker: BrokerName): BrokerControl {
  switch (broker) {
    case 'kafka':
      return new KafkaControl();
    case 'rabbitmq':
      return new RabbitmqControl();
    case 'sqs':
      return new SqsEmulatorControl();
  }
}

function pidOf(pattern: string): number {
  const pids = execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').map(Number);
  if (pids.length !== 1 || !pids[0])
    throw new Error(`expected one process matching ${pattern}, found ${pids.join(', ')}`);
  return pids[0];
}

class RabbitmqControl implements BrokerControl {
  private readonly pid = () => pidOf('beam.smp.*rabbit');

  async stop(): Promise<void> {
    execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore' });
  }

  async start(): Promise<void> {
    execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['await_startup'], { stdio: 'ignore' });
  }

  async hang(): Promise<void> {
    process.kill(this.pid(), 'SIGSTOP');
  }

  async resume(): Promise<void> {
    process.kill(this.pid(), 'SIGCONT');
  }
}

/**
 * Kafka as `npm run brokers:up` (or anyone) started it: the restart re-runs the very command line
 * the killed JVM had, in its working directory, so its storage and topics are the same.
 */
class KafkaControl implements BrokerControl {
  private command: { argv: string[]; cwd: string } | null = null;
  private readonly pid = () => pidOf('kafka\\.Kafka');

  async stop(): Promise<void> {
    const pid = this.pid();
    this.command = {
      argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean),
      cwd: readlinkSync(`/proc/${pid}/cwd`),
    };
    process.kill(pid, 'SIGKILL');
    await waitFor('the Kafka JVM to exit', () => !existsSync(`/proc/${pid}`), { timeoutMs: 10_000 });
  }

  async start(): Promise<void> {
    if (!this.command) throw new Error('start() follows stop()');
    const [executable, ...args] = this.command.argv;
    const properties = args[args.length - 1];
    const log = openSync(join(dirname(properties), 'server.log'), 'a');
    const child = spawn(executable, args, { cwd: this.command.cwd, detached: true, stdio: ['ignore', log, log] });
    child.unref();
    // brokers:down stops what brokers:up started, by pid: keep its record true.
    const pidFile = join(dirname(properties), 'kafka.pid');
    if (existsSync(pidFile)) writeFileSync(pidFile, `${child.pid}\n`);
    const client = new KafkaRawClient();
    await waitFor('Kafka to serve clients again', () => client.ping(), { timeoutMs: 90_000, intervalMs: 500 });
  }

  async hang(): Promise<void> {
    process.kill(this.pid(), 'SIGSTOP');
  }

  async resume(): Promise<void> {
    process.kill(this.pid(), 'SIGCONT');
  }
}

/**
 * The SNS/SQS emulator as `npm run brokers:up` started it (scripts/brokers/sqs/emulator.mjs).
 * stop() takes its endpoint away with every topic, queue and message kept (SIGUSR1; start() is SIGUSR2):
 * that is a real SNS/SQS outage as clients see it. Killing the process instead would lose everything
 * it holds (it keeps all in memory), which no AWS outage does.
 */
class SqsEmulatorControl implements BrokerControl {
  private readonly endpoint = process.env.AWS_ENDPOINT_URL || 'http://127.0.0.1:4566';

  async stop(): Promise<void> {
    process.kill(this.pid(), 'SIGUSR1');
    await waitFor('the SNS/SQS endpoint to go away', async () => !(await this.answers()), { timeoutMs: 10_000 });
  }

  async start(): Promise<void> {
    process.kill(this.pid(), 'SIGUSR2');
    await waitFor('the SNS/SQS emulator to answer again', () => this.answers(), { timeoutMs: 10_000 });
  }

  async hang(): Promise<void> {
    process.kill(this.pid(), 'SIGSTOP');
  }

  async resume(): Promise<void> {
    process.kill(this.pid(), 'SIGCONT');
  }

  private answers(): Promise<boolean> {
    return fetch(`${this.endpoint}/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
  }

  private pid(): number {
    const pidFile = join(import.meta.dirname, '../../.brokers/sqs/emulator.pid');
    const recorded = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
    if (recorded && existsSync(`/proc/${recorded}/cmdline`)) {
      if (readFileSync(`/proc/${recorded}/cmdline`, 'utf8').includes('sqs/emulator.mjs')) return recorded;
    }
    return pidOf('^node .*brokers/sqs/emulator\\.mjs');
  }
}
