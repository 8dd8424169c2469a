import { deadLetterQueue, KEEPING_QUEUE_DELIVERY_LIMIT, QUORUM_DELIVERY_LIMIT } from '#messaging/operator';
import { describeOn, RABBITMQ_CLUSTER_URLS, RabbitmqCluster } from '#testing';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { freezeOneNodeAndKillAnother } from '../support/frozen-and-killed-scenario.js';
import { clusterUnderNemesis } from '../support/nemesis/nemesis-faults.js';
import { nemesisSettings, nemesisTimeoutMs, runNemesis, startNemesisRun } from '../support/nemesis/nemesis-run.js';
import { restartEachNodeUnderLoad } from '../support/rolling-restart-scenario.js';
import { scaledOutOutcome, shareTheLoad, startScaledOut } from '../support/scale-out-scenario.js';

/** Quorum queues, a copy on each of the three nodes. */
const ON_THE_CLUSTER = { RABBITMQ_QUEUE_TYPE: 'quorum' };
const CONSUMED_QUEUE = 'inventory-service';

/** A minute of faults in CI (NEMESIS_DURATION_MS for longer runs by hand; NEMESIS_SEED replays one). */
const NEMESIS = nemesisSettings(60_000);

describeOn('rabbitmq', 'a RabbitMQ cluster of three under load', () => {
  let cluster: RabbitmqCluster;
  let run: FaultRun | undefined;
  const singleNodeUrl = process.env.RABBITMQ_URL;

  beforeAll(async () => {
    cluster = await RabbitmqCluster.up();
    // Each service connects as its own user to every node, in turn (ServiceProcess derives its URLs from this).
    process.env.RABBITMQ_URL = RABBITMQ_CLUSTER_URLS.join(',');
  }, 240_000);

  afterEach(async () => {
    await run?.stop();
    run = undefined;
  }, 60_000);

  afterAll(async () => {
    if (singleNodeUrl === undefined) delete process.env.RABBITMQ_URL;
    else process.env.RABBITMQ_URL = singleNodeUrl;
    await cluster?.down();
  }, 120_000);

  it("the node leading inventory-service's quorum queue frozen for 25 s and, meanwhile, another killed and restarted: new leaders are elected, the services move to a node that answers; nothing lost, applied twice or parked", async () => {
    run = await startFaultRun('rabbitmq', { env: ON_THE_CLUSTER });
    // The services declared their queues as quorum queues, a copy on every node; a message that keeps
    // failing its consumer is dead-lettered by the broker at the limit, and a dead letter is never dropped.
    expect(await cluster.onlineCopiesOf(CONSUMED_QUEUE)).toBe(3);
    expect(await cluster.deliveryLimitOf(CONSUMED_QUEUE)).toBe(QUORUM_DELIVERY_LIMIT);
    expect(await cluster.deliveryLimitOf(deadLetterQueue(CONSUMED_QUEUE))).toBe(KEEPING_QUEUE_DELIVERY_LIMIT);

    const frozen = await cluster.leaderOf(CONSUMED_QUEUE);
    const report = await freezeOneNodeAndKillAnother('rabbitmq', run, {
      frozen,
      killed: cluster.nodes.find((node) => node !== frozen)!,
      freeze: (node) => cluster.freeze(node),
      thaw: (node) => cluster.thaw(node),
      kill: (node) => cluster.kill(node),
      restore: () => cluster.restore(),
    });
    expect(report).toMatchObject({ orders: 1_500, lost: 0, appliedTwice: 0, parked: 0, failed: 0 });
  }, 420_000);

  it('a rolling restart, each node stopped cleanly and started again in turn: the quorum queues keep a majority, the services move to the nodes that are up; nothing lost or applied twice', async () => {
    run = await startFaultRun('rabbitmq', { env: ON_THE_CLUSTER });
    const report = await restartEachNodeUnderLoad('rabbitmq', run, {
      nodes: [1, 2, 3],
      stopCleanly: (node) => cluster.stopCleanly(node),
      // Two of three copies: a majority, so the queue takes and delivers messages without the third.
      whileStopped: async () => expect(await cluster.onlineCopiesOf(CONSUMED_QUEUE)).toBe(2),
      restore: () => cluster.restore(),
    });
    expect(report).toMatchObject({ lost: 0, appliedTwice: 0, failed: 0 });
  }, 420_000);

  it('scaled out, two order-service and three inventory-service instances on PostgreSQL: every order settles, none oversold, each inventory instance took its share of the queue', async () => {
    run = await startScaledOut('rabbitmq', ON_THE_CLUSTER);
    expect(scaledOutOutcome(await shareTheLoad('rabbitmq', run))).toEqual({
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
      run = await startNemesisRun('rabbitmq', ON_THE_CLUSTER, NEMESIS);
      const report = await runNemesis(clusterUnderNemesis('rabbitmq', cluster), run, NEMESIS);
      expect(report).toMatchObject({ lost: 0, appliedTwice: 0, oversold: 0, parked: 0, notAccepted: 0 });
    },
    nemesisTimeoutMs(NEMESIS),
  );
});
