import { brokerControlFor, BROKERS_UNDER_TEST, waitFor } from '#testing';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { checkReliability, deadLettersMentioning, reportScenario } from '../support/reliability-oracle.js';

/**
 * A killed Kafka consumer stays in its group until its session times out, and its partitions wait
 * for that; what a killed SQS consumer held stays hidden until its visibility timeout ends. 10 s here
 * instead of the default 30 s, which only shortens the wait, not what is proven.
 */
const KILLED_CONSUMER_LEAVES_SOONER = { KAFKA_SESSION_TIMEOUT_MS: '10000', SQS_VISIBILITY_TIMEOUT_SECONDS: '10' };

describe.each(BROKERS_UNDER_TEST)('a service dies under load (%s)', (broker) => {
  let run: FaultRun;

  afterEach(async () => {
    await run?.stop();
  }, 60_000);

  async function expectReliable(scenario: string, count: number) {
    const orders = await run.load.run({ count: 0 }).then(() => run.load.placed);
    const report = await checkReliability(run.system, orders, run.stock);
    const deadLetters = await deadLettersMentioning(run.system, 'inventory-service', run.marker);
    reportScenario(broker, scenario, report, deadLetters.length);
    expect(run.load.failed).toBe(0);
    expect(report).toMatchObject({ orders: count, lost: 0, appliedTwice: 0 });
    expect(deadLetters).toEqual([]);
  }

  it('inventory-service SIGKILLed mid-stream, then restarted: every order settles once', async () => {
    run = await startFaultRun(broker, { env: KILLED_CONSUMER_LEAVES_SOONER });
    const load = run.load.run({ count: 2_000, concurrency: 16 });

    await waitFor('a third of the orders', () => run.load.placed.length >= 700, { timeoutMs: 60_000 });
    await run.system.inventory.kill();
    await waitFor('orders to pile up while inventory is down', () => run.load.placed.length >= 1_000, {
      timeoutMs: 60_000,
    });
    await run.system.inventory.restart();
    await load;

    await expectReliable('inventory-service SIGKILL and restart', 2_000);
  }, 300_000);

  it('order-service killed between its database commit and the publish: the outbox sends on restart', async () => {
    run = await startFaultRun(broker, { env: KILLED_CONSUMER_LEAVES_SOONER });
    const control = brokerControlFor(broker);
    const load = run.load.run({ count: 1_000, concurrency: 16, perOrderDeadlineMs: 120_000 });

    await waitFor('a third of the orders', () => run.load.placed.length >= 300, { timeoutMs: 60_000 });
    // With the broker frozen, committed orders cannot be published: their events wait in the outbox.
    await control.hang();
    try {
      const db = run.system.openDatabase<{ outbox: { published_at: string | null } }>('orders');
      try {
        await waitFor('committed orders whose events are not yet published', async () => {
          const pending = await db
            .selectFrom('outbox')
            .select('published_at')
            .where('published_at', 'is', null)
            .execute();
          return pending.length >= 100;
        });
      } finally {
        await db.destroy();
      }
      await run.system.orders.kill();
    } finally {
      await control.resume();
    }
    await run.system.orders.restart();
    await load;

    await expectReliable('order-service killed between commit and publish', 1_000);
  }, 300_000);

  it('SIGTERM under load: each service drains, exits 0 in time, and resumes after restart', async () => {
    run = await startFaultRun(broker);
    const load = run.load.run({ count: 2_000, concurrency: 16, perOrderDeadlineMs: 120_000 });

    await waitFor('a quarter of the orders', () => run.load.placed.length >= 500, { timeoutMs: 60_000 });
    const inventoryStopped = Date.now();
    expect(await run.system.inventory.stop()).toBe(0);
    expect(Date.now() - inventoryStopped).toBeLessThan(10_000);
    await run.system.inventory.restart();

    await waitFor('half of the orders', () => run.load.placed.length >= 1_000, { timeoutMs: 60_000 });
    const ordersStopped = Date.now();
    expect(await run.system.orders.stop()).toBe(0);
    expect(Date.now() - ordersStopped).toBeLessThan(10_000);
    await run.system.orders.restart();
    await load;

    await expectReliable('SIGTERM under load, then restart', 2_000);
  }, 300_000);
});
