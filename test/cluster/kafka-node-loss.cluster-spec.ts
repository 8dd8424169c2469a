import { ORDER_CREATED } from '#events';
import { KAFKA_CLUSTER_BROKERS, KafkaCluster, waitFor } from '#testing';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { checkReliability, reportScenario } from '../support/reliability-oracle.js';

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

  it('kill -9 of the node leading order.created mid-stream: orders keep settling without it, then nothing is lost or applied twice', async () => {
    run = await startFaultRun('kafka', { env: ON_THE_CLUSTER });
    const active = run;
    const load = active.load.run({ count: 2_000, concurrency: 16 });
    await waitFor('a quarter of the orders to be placed', () => active.load.placed.length >= 500, {
      timeoutMs: 60_000,
    });

    // The services created the topic as configured: on all three nodes.
    expect(await cluster.replicationOf(ORDER_CREATED)).toBe(3);
    const leader = await cluster.busiestLeaderOf(ORDER_CREATED);
    await cluster.kill(leader);
    try {
      // With 2 of 3 copies in sync still possible, publishing and consuming go on: an order placed
      // after the kill makes the whole round trip while the node is down.
      await waitFor('200 more orders to be placed with the node down', () => active.load.placed.length >= 700, {
        timeoutMs: 60_000,
      });
      const placedWithoutTheNode = active.load.placed[active.load.placed.length - 1];
      await active.system.waitUntilSettled(placedWithoutTheNode.id, 60_000);
    } finally {
      await cluster.restore([ORDER_CREATED]);
    }
    const orders = await load;

    const report = await checkReliability(active.system, orders, active.stock);
    reportScenario('kafka', `cluster node ${leader} killed and restored`, report, 0);
    expect(active.load.failed).toBe(0);
    expect(report).toMatchObject({ orders: 2_000, lost: 0, appliedTwice: 0 });
  }, 420_000);
});
