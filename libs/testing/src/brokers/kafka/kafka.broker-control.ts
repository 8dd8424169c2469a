import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { waitFor } from '../../poll.js';
import type { BrokerControl } from '../broker-control.js';
import { pidOf } from '../broker-process.js';
import { KafkaRawClient } from './kafka.raw-client.js';

/**
 * Kafka as `npm run brokers:up` (or anyone) started it: the restart re-runs the very command line
 * the killed JVM had, in its working directory, so its storage and topics are the same.
 */
export class KafkaBrokerControl implements BrokerControl {
  private command: { argv: string[]; cwd: string } | null = null;
  private readonly pid = () => pidOf('kafka\\.Kafka');

  constructor(private readonly brokers: string[]) {}

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
    const client = new KafkaRawClient(this.brokers);
    await waitFor('Kafka to serve clients again', () => client.ping(), { timeoutMs: 90_000, intervalMs: 500 });
  }

  async hang(): Promise<void> {
    process.kill(this.pid(), 'SIGSTOP');
  }

  async resume(): Promise<void> {
    process.kill(this.pid(), 'SIGCONT');
  }
}
