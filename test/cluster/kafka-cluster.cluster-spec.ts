import { ORDER_CREATED } from '#events';
import { describeOn, KAFKA_CLUSTER_BROKERS, KafkaCluster, waitFor } from '#testing';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { freezeOneNodeAndKillAnother } from '../support/frozen-and-killed-scenario.js';
import { clusterUnderNemesis } from '../support/nemesis/nemesis-faults.js';
import { nemesisSettings, nemesisTimeoutMs, runNemesis, startNemesisRun } from '../support/nemesis/nemesis-run.js';
import { restartEachNodeUnderLoad } from '../support/rolling-restart-scenario.js';
import { scaledOutOutcome, shareTheLoad, startScaledOut } from '../support/scale-out-scenario.js';

/** The settings docs/production.md recommends for a cluster of three: one node may be lost without losing a write. */
const ON_THE_CLUSTER = {
  KAFKA_BROKERS: KAFKA_CLUSTER_BROKERS.join(','),
  KAFKA_REPLICATION_FACTOR: '3',
  KAFKA_MIN_INSYNC_REPLICAS: '2',
};

/** A minute of faults in CI (NEMESIS_DURATION_MS for longer runs by hand; NEMESIS_SEED replays one). */
const NEMESIS = nemesisSettings(60_000);

describeOn('kafka', 'a Kafka cluster of three under load', () => {
  let cluster: KafkaCluster;
  let run: FaultRun | undefined;

  beforeAll(async () => {
    cluster = await KafkaCluster.up();
  }, 240_000);

  afterEach(async () => {
    await run?.stop();
    run = undefined;
  }, 60_000);

  afterAll(async () => {
    await cluster?.down();
  }, 120_000);

  it('the node leading order.created frozen for 25 s and, meanwhile, another killed and restarted: the producer finds its way out by itself; nothing lost, applied twice or parked', async () => {
    run = await startFaultRun('kafka', { env: ON_THE_CLUSTER });
    // The services created the topic as configured: on all three nodes, a write acknowledged by two.
    expect(await cluster.replicationOf(ORDER_CREATED)).toBe(3);
    expect(await cluster.minInsyncReplicasOf(ORDER_CREATED)).toBe(2);

    const frozen = await cluster.busiestLeaderOf(ORDER_CREATED);
    const report = await freezeOneNodeAndKillAnother('kafka', run, {
      frozen,
      killed: cluster.nodes.find((node) => node !== frozen)!,
      freeze: (node) => cluster.freeze(node),
      thaw: (node) => cluster.thaw(node),
      kill: (node) => cluster.kill(node),
      restore: () => cluster.restore(),
    });
    expect(report).toMatchObject({ orders: 1_500, lost: 0, appliedTwice: 0, parked: 0, failed: 0 });
  }, 420_000);

  it('a rolling restart, each node stopped cleanly and started again in turn: with min.insync.replicas=2 and one node away, two copies stay in sync and publishing goes on; nothing lost or applied twice', async () => {
    run = await startFaultRun('kafka', { env: ON_THE_CLUSTER });
    const report = await restartEachNodeUnderLoad('kafka', run, {
      nodes: [1, 2, 3],
      stopCleanly: (node) => cluster.stopCleanly(node),
      // Acks from the two copies left satisfy min.insync.replicas: the orders placed meanwhile settled.
      whileStopped: () =>
        waitFor(
          'order.created to have two copies in sync',
          async () => (await cluster.fewestInSyncOf(ORDER_CREATED)) === 2,
        ),
      restore: () => cluster.restore(),
    });
    expect(report).toMatchObject({ lost: 0, appliedTwice: 0, failed: 0 });
  }, 420_000);

  it('scaled out, two order-service and three inventory-service instances on PostgreSQL: every order settles, none oversold, each inventory instance consumed its share of the partitions', async () => {
    run = await startScaledOut('kafka', ON_THE_CLUSTER);
    expect(scaledOutOutcome(await shareTheLoad('kafka', run))).toEqual({
      orders: 1_000,
      lost: 0,
      appliedTwice: 0,
      oversold: 0,
      failed: 0,
      stockRanOut: true,
      inventoryInstancesWithAShare: 3,
    });
  }, 300_000);

  it(
    'nemesis: for a set time, faults drawn from a seed overlap under a steady load (a node frozen, killed, restarted cleanly or cut off from its peers, one at a time; a service instance killed; PostgreSQL restarted): every accepted order settles, nothing applied twice or parked, every instance ready',
    async () => {
      run = await startNemesisRun('kafka', ON_THE_CLUSTER, NEMESIS);
      const report = await runNemesis(clusterUnderNemesis('kafka', cluster), run, NEMESIS);
      expect(report).toMatchObject({ lost: 0, appliedTwice: 0, oversold: 0, parked: 0, notAccepted: 0 });
    },
    nemesisTimeoutMs(NEMESIS),
  );
});
