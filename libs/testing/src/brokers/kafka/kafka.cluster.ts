import kafkajs, { Kafka, logLevel, type Admin } from 'kafkajs';

// Node's ESM loader finds only kafkajs' first few named exports; this one is read off the module itself.
const { ConfigResourceTypes } = kafkajs;
import { waitFor } from '../../poll.js';
import { clusterNodePid, clusterScript, stopClusterNode } from '../cluster-script.js';

/** The ports scripts/brokers/cluster.sh gives its nodes: node n serves clients on 19091 + n. */
const NODES = [1, 2, 3] as const;
export const KAFKA_CLUSTER_BROKERS = NODES.map((node) => `127.0.0.1:${19_091 + node}`);

/**
 * The three-node Kafka cluster of `npm run brokers:up -- --cluster`, as the cluster scenarios drive it:
 * which node leads a topic, a node killed with SIGKILL or stopped cleanly, the cluster made whole again
 * by the same script.
 */
export class KafkaCluster {
  private constructor(private readonly admin: Admin) {}

  /** Starts the cluster (or reuses it) and connects an admin client to it. */
  static async up(): Promise<KafkaCluster> {
    await clusterScript('kafka', 'up.sh');
    const admin = new Kafka({ brokers: KAFKA_CLUSTER_BROKERS, logLevel: logLevel.NOTHING }).admin();
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
    return stopClusterNode(`kafka node ${node}`, clusterNodePid('kafka', node, 'kafka.pid'), signal);
  }

  /**
   * Brings back the nodes that are down, then waits until every partition on the cluster (the services'
   * topics, their consumer offsets) has all its copies in sync: only then may the next node go.
   */
  async restore(): Promise<void> {
    await clusterScript('kafka', 'up.sh');
    await waitFor(
      `every partition on the cluster to have ${NODES.length} copies in sync`,
      async () => {
        const metadata = await this.admin
          .fetchTopicMetadata({ topics: await this.admin.listTopics() })
          .catch(() => null);
        return metadata?.topics.every(({ partitions }) =>
          partitions.every(({ replicas, isr }) => isr.length === replicas.length),
        );
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
  }

  /** Stops the cluster, so that it takes nothing from the suites that follow. */
  async down(): Promise<void> {
    await this.admin.disconnect();
    await clusterScript('kafka', 'down.sh');
  }
}
