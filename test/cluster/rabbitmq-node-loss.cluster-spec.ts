import { RABBITMQ_CLUSTER_URLS, RabbitmqCluster } from '#testing';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { loseANodeUnderLoad } from '../support/node-loss-scenario.js';

/** Quorum queues, a copy on each of the three nodes. */
const ON_THE_CLUSTER = { RABBITMQ_QUEUE_TYPE: 'quorum' };
const CONSUMED_QUEUE = 'inventory-service';

describe('a RabbitMQ cluster of three loses a node under load', () => {
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
  }, 60_000);

  afterAll(async () => {
    if (singleNodeUrl === undefined) delete process.env.RABBITMQ_URL;
    else process.env.RABBITMQ_URL = singleNodeUrl;
    await cluster?.stop();
  }, 120_000);

  it("kill -9 of the node leading inventory-service's quorum queue mid-stream: a new leader is elected, the services reconnect to another node; nothing lost or applied twice", async () => {
    run = await startFaultRun('rabbitmq', { env: ON_THE_CLUSTER });
    // The services declared their queue as a quorum queue, a copy on every node.
    expect(await cluster.onlineCopiesOf(CONSUMED_QUEUE)).toBe(3);

    const report = await loseANodeUnderLoad('rabbitmq', run, {
      kill: async () => {
        const leader = await cluster.leaderOf(CONSUMED_QUEUE);
        await cluster.kill(leader);
        return `node ${leader}`;
      },
      restore: () => cluster.restore([CONSUMED_QUEUE]),
    });
    expect(report).toMatchObject({ orders: 2_000, lost: 0, appliedTwice: 0, failed: 0 });
  }, 420_000);
});
