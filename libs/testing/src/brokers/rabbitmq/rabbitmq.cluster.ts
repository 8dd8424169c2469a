import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor } from '../../poll.js';
import { clusterScript, killClusterNode } from '../cluster-script.js';

const run = promisify(execFile);

/** The nodes scripts/brokers/cluster.sh starts: node n is rabbit-cluster-<n>@localhost, AMQP on 5700 + n. */
const NODES = [1, 2, 3] as const;
export const RABBITMQ_CLUSTER_URLS = NODES.map((node) => `amqp://guest:guest@127.0.0.1:${5_700 + node}`);
const nodeName = (node: number) => `rabbit-cluster-${node}@localhost`;

interface QueueInfo {
  name: string;
  leader?: string;
  members?: string[];
  online?: string[];
}

/**
 * The three-node RabbitMQ cluster of `npm run brokers:up -- --cluster`, as the cluster scenarios drive
 * it: which node leads a quorum queue, a node killed with SIGKILL, the cluster made whole again.
 */
export class RabbitmqCluster {
  private readonly down = new Set<number>();

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

  async kill(node: number): Promise<void> {
    await killClusterNode('rabbitmq', node, 'rabbitmq.pid');
    this.down.add(node);
  }

  /** Brings back the nodes that are down, then waits until every copy of the queues is online again. */
  async restore(queues: string[]): Promise<void> {
    await clusterScript('rabbitmq', 'up.sh');
    this.down.clear();
    await waitFor(
      `every copy of ${queues.join(', ')} to be online`,
      async () => {
        for (const queue of queues) if ((await this.onlineCopiesOf(queue)) < NODES.length) return false;
        return true;
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
  }

  async stop(): Promise<void> {
    await clusterScript('rabbitmq', 'down.sh');
  }

  /** Asks a running node (rabbitmqctl, as Debian's package installs it) about the queue. */
  private async queue(name: string): Promise<QueueInfo> {
    const node = NODES.find((candidate) => !this.down.has(candidate))!;
    const { stdout } = await run(
      'rabbitmqctl',
      ['-q', 'list_queues', 'name', 'leader', 'members', 'online', '--formatter', 'json'],
      { env: { ...process.env, RABBITMQ_NODENAME: nodeName(node) } },
    );
    const found = (JSON.parse(stdout || '[]') as QueueInfo[]).find((queue) => queue.name === name);
    if (!found) throw new Error(`no queue ${name} on the cluster`);
    return found;
  }
}
