import { ORDER_CREATED } from '#events';
import { KAFKA_CLUSTER_BROKERS, KafkaCluster } from '#testing';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { loseANodeUnderLoad } from '../support/node-loss-scenario.js';

/** The settings README recommends for a cluster of three: one node may be lost without losing a write. */
const ON_THE_CLUSTER = {
  KAFKA_BROKERS: KAFKA_CLUSTER_BROKERS.join(','),
  KAFKA_REPLICATION_FACTOR: '3',
  KAFKA_MIN_INSYNC_REPLICAS: '2',
};

describe('a Kafka cluster of three loses a node under load', () => {
  let cluster: KafkaCluster;
  let run: FaultRun | undefined;

  beforeAll(async () => {
    cluster = await KafkaCluster.up();
  }, 240_000);

  afterEach(async () => {
    await run?.stop();
  }, 60_000);

  afterAll(async () => {
    await cluster?.down();
  }, 120_000);

  it('kill -9 of the node leading order.created mid-stream: with 2 of 3 copies in sync, publishing and consuming go on; nothing lost or applied twice', async () => {
    run = await startFaultRun('kafka', { env: ON_THE_CLUSTER });
    // The services created the topic as configured: on all three nodes.
    expect(await cluster.replicationOf(ORDER_CREATED)).toBe(3);

    const report = await loseANodeUnderLoad('kafka', run, {
      kill: async () => {
        const leader = await cluster.busiestLeaderOf(ORDER_CREATED);
        await cluster.kill(leader);
        return `node ${leader}`;
      },
      restore: () => cluster.restore([ORDER_CREATED]),
    });
    expect(report).toMatchObject({ orders: 2_000, lost: 0, appliedTwice: 0, failed: 0 });
  }, 420_000);
});
