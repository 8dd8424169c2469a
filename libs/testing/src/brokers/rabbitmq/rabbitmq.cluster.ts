import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../../poll.js';
import { REPOSITORY_ROOT } from '../../repository-root.js';
import {
  bootsOnceStalledPeerResumes,
  clusterScript,
  processesMatching,
  processMatches,
  processStalled,
  stopClusterNode,
} from '../cluster-script.js';
import { loopbackPartition, type PeerTraffic } from '../loopback-partition.js';

const run = promisify(execFile);

/** The nodes scripts/brokers/cluster.sh starts: node n is rabbit-cluster-<n>@localhost, AMQP on 5700 + n. */
const NODES = [1, 2, 3] as const;
export const RABBITMQ_CLUSTER_URLS = NODES.map((node) => `amqp://guest:guest@127.0.0.1:${5_700 + node}`);
const nodeName = (node: number) => `rabbit-cluster-${node}@localhost`;

/**
 * Node n's traffic with its peers (Erlang distribution): what reaches its distribution port 25700 + n,
 * and the connections it opens to the others, from 127.0.1.n (cluster.sh has it connect from there).
 * AMQP clients use neither.
 */
const peerTrafficOf = (node: number): PeerTraffic[] => [{ port: 25_700 + node }, { address: `127.0.1.${node}` }];

/** How a node's Erlang VM is told from the CLI's (rabbitmqctl is a beam.smp too) and from the other nodes'. */
const SERVER_COMMAND_LINE = '-s rabbit boot';
const nodeEnvironment = (node: number) => `RABBITMQ_NODENAME=${nodeName(node)}`;

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
  readonly nodes: readonly number[] = NODES;
  /** Nodes cut off from their peers: rabbitmqctl, which reaches a node the way its peers do, cannot ask them. */
  private readonly partitioned = new Set<number>();

  /** Starts the cluster (or reuses it, whole: a partition an earlier run left is healed). */
  static async up(): Promise<RabbitmqCluster> {
    loopbackPartition.heal('rabbitmq');
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
    await stopClusterNode(nodeName(node), this.requirePid(node), signal);
  }

  /** SIGSTOP of the node's Erlang VM, as a long pause or a stalled VM: its connections stay open, nothing answers. */
  freeze(node: number): void {
    process.kill(this.requirePid(node), 'SIGSTOP');
  }

  thaw(node: number): void {
    process.kill(this.requirePid(node), 'SIGCONT');
  }

  /** The nodes whose VM is stopped by a signal now. */
  frozenNodes(): number[] {
    return NODES.filter((node) => {
      const pid = this.pidOf(node);
      return pid !== undefined && processStalled(pid);
    });
  }

  /**
   * Cuts the node off from the other two, while AMQP clients still reach it: with pause_minority the
   * node finds itself in a minority and pauses (closes its listeners) until it sees the others again.
   */
  partition(node: number): void {
    loopbackPartition.cut('rabbitmq', peerTrafficOf(node));
    this.partitioned.add(node);
  }

  heal(): void {
    loopbackPartition.heal('rabbitmq');
    this.partitioned.clear();
  }

  /**
   * The node's OS process, found without asking the node (a frozen one cannot answer): its pid file,
   * which a node restarted after a SIGKILL may not have written (seen in CI), else the VM whose
   * environment names the node.
   */
  private pidOf(node: number): number | undefined {
    let recorded = 0;
    try {
      recorded = Number(
        readFileSync(join(REPOSITORY_ROOT, `.brokers/rabbitmq-cluster/node${node}/rabbitmq.pid`), 'utf8'),
      );
    } catch {
      // no pid file: look for the process itself
    }
    if (recorded && processMatches(recorded, SERVER_COMMAND_LINE, nodeEnvironment(node))) return recorded;
    return processesMatching(SERVER_COMMAND_LINE, nodeEnvironment(node))[0];
  }

  private requirePid(node: number): number {
    const pid = this.pidOf(node);
    if (pid === undefined) throw new Error(`${nodeName(node)} is not running`);
    return pid;
  }

  /**
   * Brings back the nodes that are down, then waits until every copy of every quorum queue is online
   * again. A frozen node is neither started nor waited for (up.sh leaves it as it is), so this also
   * serves while one is: its copies are the ones allowed offline, and once every node is thawed it is
   * the "whole again" check. A node started while a frozen one leaves no majority (another killed
   * meanwhile) is left booting: it finishes once the frozen one resumes, and the restore after the thaw
   * waits for it.
   */
  async restore(): Promise<void> {
    const frozen = new Set(this.frozenNodes().map(nodeName));
    try {
      await clusterScript('rabbitmq', 'up.sh');
    } catch (error) {
      if (frozen.size > 0 && bootsOnceStalledPeerResumes(error)) return;
      throw error;
    }
    await waitFor(
      frozen.size === 0
        ? 'every copy of every quorum queue to be online'
        : `every copy of every quorum queue but those on ${[...frozen].join(', ')} to be online`,
      async () =>
        (await this.queues()).every(
          ({ type, members = [], online = [] }) =>
            type !== 'quorum' || members.every((member) => frozen.has(member) || online.includes(member)),
        ),
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
  }

  /** Stops the cluster, so that it takes nothing from the suites that follow. */
  async down(): Promise<void> {
    this.heal();
    await clusterScript('rabbitmq', 'down.sh');
  }

  private async queue(name: string): Promise<QueueInfo> {
    const found = (await this.queues()).find((queue) => queue.name === name);
    if (!found) throw new Error(`no queue ${name} on the cluster`);
    return found;
  }

  /**
   * Asks a node about its queues (rabbitmqctl, as Debian's package installs it): the first that answers
   * of those running, neither frozen nor cut off; a node paused in a minority, say, does not.
   */
  private async queues(): Promise<QueueInfo[]> {
    const askable = NODES.filter((node) => {
      const pid = this.pidOf(node);
      return pid !== undefined && !processStalled(pid) && !this.partitioned.has(node);
    });
    let lastError: unknown = new Error('no node of the cluster is running, unfrozen and reachable');
    for (const node of askable) {
      try {
        const { stdout } = await run(
          'rabbitmqctl',
          ['-q', 'list_queues', 'name', 'type', 'arguments', 'leader', 'members', 'online', '--formatter', 'json'],
          { env: { ...process.env, RABBITMQ_NODENAME: nodeName(node) }, timeout: 30_000 },
        );
        return JSON.parse(stdout || '[]') as QueueInfo[];
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
}
