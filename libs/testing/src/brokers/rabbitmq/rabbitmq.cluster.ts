import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor } from '../../poll.js';
import { clusterScript, stopClusterNode } from '../cluster-script.js';

const run = promisify(execFile);

/** The nodes scripts/brokers/cluster.sh starts: node n is rabbit-cluster-<n>@localhost, AMQP on 5700 + n. */
const NODES = [1, 2, 3] as const;
export const RABBITMQ_CLUSTER_URLS = NODES.map((node) => `amqp://guest:guest@127.0.0.1:${5_700 + node}`);
const nodeName = (node: number) => `rabbit-cluster-${node}@localhost`;

interface QueueInfo {
  name: string;
  type: string;
  /** As declared: [name, AMQP type, value]. */
  arguments: Array<[string, string, unknown]>;
  leader?: string;
  members?: string[];
  online?: string[];
}

/**
 * The three-node RabbitMQ cluster of `npm run brokers:up -- --cluster`, as the cluster scenarios drive
 * it: which node leads a quorum queue, a node killed with SIGKILL or stopped cleanly, the cluster made
 * whole again.
 */
export class RabbitmqCluster {
  private readonly stopped = new Set<number>();

  static async up(): Promise<RabbitmqCluster> {
    await clusterScript('rabbitmq', 'up.sh');
    return new RabbitmqCluster();
  }

  /** The node that leads the quorum queue: where its consumers' deliveries and its writes go first. */
  async leaderOf(queue: string): Promise<number> {
    const leader = (await this.queue(queue)).leader;
    const node = NODES.find((candidate) => nodeName(candidate) === leader);
    if (!node) throw new Error(`${queue} has no leader on the cluster (${leader ?? 'none'})`);
    return node;
  }

  /** How many of the queue's copies are on nodes that are running. */
  async onlineCopiesOf(queue: string): Promise<number> {
    return (await this.queue(queue)).online?.length ?? 0;
  }

  /** The queue's x-delivery-limit as declared, if it has one. */
  async deliveryLimitOf(queue: string): Promise<number | undefined> {
    const limit = (await this.queue(queue)).arguments.find(([name]) => name === 'x-delivery-limit');
    return limit === undefined ? undefined : Number(limit[2]);
  }

  kill(node: number): Promise<void> {
    return this.signal(node, 'SIGKILL');
  }

  /** SIGTERM: the Erlang VM stops RabbitMQ's applications in order, as `rabbitmqctl stop` does. */
  stopCleanly(node: number): Promise<void> {
    return this.signal(node, 'SIGTERM');
  }

  private async signal(node: number, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const pid = await this.osPidOf(node);
    this.stopped.add(node);
    await stopClusterNode(nodeName(node), pid, signal);
  }

  /**
   * The node's own answer for its OS process: its pid file is not to be trusted after a SIGKILL (a node
   * restarted after one had none in a CI run).
   */
  private async osPidOf(node: number): Promise<number> {
    const { stdout } = await run('rabbitmqctl', ['-q', 'eval', 'os:getpid().'], {
      env: { ...process.env, RABBITMQ_NODENAME: nodeName(node) },
    });
    const pid = Number(stdout.trim().replace(/"/g, ''));
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`${nodeName(node)} gave no pid: ${stdout}`);
    return pid;
  }

  /** Brings back the nodes that are down, then waits until every copy of every quorum queue is online again. */
  async restore(): Promise<void> {
    await clusterScript('rabbitmq', 'up.sh');
    this.stopped.clear();
    await waitFor(
      'every copy of every quorum queue to be online',
      async () =>
        (await this.queues()).every(
          ({ type, members = [], online = [] }) => type !== 'quorum' || online.length === members.length,
        ),
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
  }

  /** Stops the cluster, so that it takes nothing from the suites that follow. */
  async down(): Promise<void> {
    await clusterScript('rabbitmq', 'down.sh');
  }

  private async queue(name: string): Promise<QueueInfo> {
    const found = (await this.queues()).find((queue) => queue.name === name);
    if (!found) throw new Error(`no queue ${name} on the cluster`);
    return found;
  }

  /** Asks a running node (rabbitmqctl, as Debian's package installs it) about its queues. */
  private async queues(): Promise<QueueInfo[]> {
    const node = NODES.find((candidate) => !this.stopped.has(candidate))!;
    const { stdout } = await run(
      'rabbitmqctl',
      ['-q', 'list_queues', 'name', 'type', 'arguments', 'leader', 'members', 'online', '--formatter', 'json'],
      { env: { ...process.env, RABBITMQ_NODENAME: nodeName(node) } },
    );
    return JSON.parse(stdout || '[]') as QueueInfo[];
  }
}
