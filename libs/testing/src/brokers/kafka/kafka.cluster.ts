import kafkajs, { Kafka, logLevel, type Admin } from 'kafkajs';

// Node's ESM loader finds only kafkajs' first few named exports; this one is read off the module itself.
const { ConfigResourceTypes } = kafkajs;
import { waitFor } from '../../poll.js';
import { clusterNodePid, clusterScript, processStalled, stopClusterNode } from '../cluster-script.js';
import { loopbackPartition, type PeerTraffic } from '../loopback-partition.js';

/** The ports scripts/brokers/cluster.sh gives its nodes: node n serves clients on 19091 + n. */
const NODES = [1, 2, 3] as const;
export const KAFKA_CLUSTER_BROKERS = NODES.map((node) => `127.0.0.1:${19_091 + node}`);

/**
 * Node n's traffic with its peers: cluster.sh has node a listen for node b on 193ab (replication) and
 * 194ab (the KRaft quorum), so these ports carry everything between n and the others, and nothing of
 * the clients'.
 */
function peerTrafficOf(node: number): PeerTraffic[] {
  return NODES.filter((other) => other !== node).flatMap((other) =>
    [19_300, 19_400].flatMap((base) => [{ port: base + 10 * other + node }, { port: base + 10 * node + other }]),
  );
}

/**
 * The three-node Kafka cluster of `npm run brokers:up -- --cluster`, as the cluster scenarios drive it:
 * which node leads a topic, a node killed with SIGKILL or stopped cleanly, the cluster made whole again
 * by the same script.
 */
export class KafkaCluster {
  private constructor(private readonly admin: Admin) {}

  readonly nodes: readonly number[] = NODES;

  /** Starts the cluster (or reuses it, whole: a partition an earlier run left is healed) and connects an admin client to it. */
  static async up(): Promise<KafkaCluster> {
    loopbackPartition.heal('kafka');
    await clusterScript('kafka', 'up.sh');
    // Short requests, retried by the caller: a frozen node must not hold a question for kafkajs' 30 s.
    const admin = new Kafka({
      brokers: KAFKA_CLUSTER_BROKERS,
      logLevel: logLevel.NOTHING,
      requestTimeout: 5_000,
      retry: { retries: 2 },
    }).admin();
    await admin.connect();
    return new KafkaCluster(admin);
  }

  /** The node that leads most partitions of the topic: the one whose loss moves the most leadership. */
  async busiestLeaderOf(topic: string): Promise<number> {
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const led = new Map<number, number>();
    for (const { leader } of topics[0].partitions) led.set(leader, (led.get(leader) ?? 0) + 1);
    return [...led.entries()].sort((a, b) => b[1] - a[1])[0][0];
  }

  /** The fewest copies any partition of the topic has. */
  async replicationOf(topic: string): Promise<number> {
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return Math.min(...topics[0].partitions.map(({ replicas }) => replicas.length));
  }

  /** The fewest copies in sync that any partition of the topic has now. */
  async fewestInSyncOf(topic: string): Promise<number> {
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return Math.min(...topics[0].partitions.map(({ isr }) => isr.length));
  }

  /** The topic's own min.insync.replicas: how many copies must have a write before it is acknowledged. */
  async minInsyncReplicasOf(topic: string): Promise<number> {
    const { resources } = await this.admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
      includeSynonyms: false,
    });
    return Number(resources[0].configEntries[0].configValue);
  }

  /** kill -9 of the node's JVM: no controlled shutdown, no leadership handed over first. */
  kill(node: number): Promise<void> {
    return this.signal(node, 'SIGKILL');
  }

  /** SIGTERM: the node's controlled shutdown hands its leaderships to the others before it exits. */
  stopCleanly(node: number): Promise<void> {
    return this.signal(node, 'SIGTERM');
  }

  private signal(node: number, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    return stopClusterNode(`kafka node ${node}`, this.pidOf(node), signal);
  }

  /** SIGSTOP of the node's JVM, as a long GC pause or a stalled VM: its connections stay open, nothing answers. */
  freeze(node: number): void {
    process.kill(this.pidOf(node), 'SIGSTOP');
  }

  thaw(node: number): void {
    process.kill(this.pidOf(node), 'SIGCONT');
  }

  /** The nodes whose JVM is stopped by a signal now. */
  frozenNodes(): number[] {
    return NODES.filter((node) => processStalled(this.pidOf(node)));
  }

  /** Cuts the node off from the other two (replication and quorum), while its clients still reach it. */
  partition(node: number): void {
    loopbackPartition.cut('kafka', peerTrafficOf(node));
  }

  heal(): void {
    loopbackPartition.heal('kafka');
  }

  private pidOf(node: number): number {
    return clusterNodePid('kafka', node, 'kafka.pid');
  }

  /**
   * Brings back the nodes that are down, then waits until every partition on the cluster (the services'
   * topics, their consumer offsets) has all its copies in sync: only then may the next node go. A frozen
   * node is neither started nor waited for (up.sh leaves it as it is), so this also serves while one is:
   * its copies are the ones allowed out of sync, and once every node is thawed it is the "whole again" check.
   */
  async restore(): Promise<void> {
    await clusterScript('kafka', 'up.sh');
    const frozen = new Set(this.frozenNodes());
    const described = frozen.size === 0 ? 'all' : `every copy but node ${[...frozen].join(', ')}'s`;
    await waitFor(
      `every partition on the cluster to have ${described} copies in sync`,
      async () => {
        const metadata = await this.admin
          .fetchTopicMetadata({ topics: await this.admin.listTopics() })
          .catch(() => null);
        return metadata?.topics.every(({ partitions }) =>
          partitions.every(({ replicas, isr }) =>
            replicas.every((replica) => frozen.has(replica) || isr.includes(replica)),
          ),
        );
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
  }

  /** Stops the cluster, so that it takes nothing from the suites that follow. */
  async down(): Promise<void> {
    loopbackPartition.heal('kafka');
    await this.admin.disconnect();
    await clusterScript('kafka', 'down.sh');
  }
}
