import pg from 'pg';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { BROKERS_UNDER_TEST, waitFor } from '#testing';
import { postgresControl } from '../support/postgres-control.js';
import { checkReliability, deadLettersMentioning, reportScenario } from '../support/reliability-oracle.js';

const SESSION_TIMEOUT_MS = 6_000;
const LOCK_HELD_MS = 15_000;
const DATABASE_DOWN_MS = 8_000;

describe.each(BROKERS_UNDER_TEST)('slow or missing dependencies (%s)', (broker) => {
  let run: FaultRun;

  afterEach(async () => {
    await run?.stop();
  }, 60_000);

  it('a handler slower than the Kafka session timeout finishes once, and the others go on', async () => {
    run = await startFaultRun(broker, {
      inventoryDatabase: 'postgres',
      env: { KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS) },
    });
    const [lockedSku] = run.stock.keys();
    // Another transaction holds the SKU's row: every reservation of it waits, far past the session timeout.
    const blocker = new pg.Client({ connectionString: run.system.databaseUrl('inventory') });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT * FROM stock WHERE sku = $1 FOR UPDATE', [lockedSku]);
    const lockedAt = Date.now();
    try {
      const load = run.load.run({ count: 400, concurrency: 8 });
      // RabbitMQ hands other messages to other handlers meanwhile, so orders without the locked SKU settle.
      // kafkajs fetches again only when every batch of the last fetch is done: on Kafka the others wait.
      if (broker === 'rabbitmq')
        await waitFor('an order without the locked SKU to settle while the lock is held', async () => {
          const others = run.load.placed.filter((order) => order.items.every((item) => item.sku !== lockedSku));
          for (const order of others.slice(-5)) {
            if ((await run.system.getOrder(order.id)).status !== 'PENDING') return Date.now() - lockedAt < LOCK_HELD_MS;
          }
          return false;
        });
      await waitFor('the lock to be held for 15 s while orders flow', () => Date.now() - lockedAt >= LOCK_HELD_MS, {
        timeoutMs: 30_000,
      });
      await blocker.query('COMMIT');
      const orders = await load;

      const report = await checkReliability(run.system, orders, run.stock);
      const deadLetters = await deadLettersMentioning(run.system, 'inventory-service', run.marker);
      reportScenario(
        broker,
        `handler blocked ${LOCK_HELD_MS / 1000} s (session timeout ${SESSION_TIMEOUT_MS / 1000} s)`,
        report,
        deadLetters.length,
      );
      expect(report).toMatchObject({ orders: 400, lost: 0, appliedTwice: 0 });
      expect(deadLetters).toEqual([]);
    } finally {
      await blocker.end();
    }
  }, 300_000);

  it('the database unavailable for a while: events wait, nothing is dead-lettered', async () => {
    run = await startFaultRun(broker, { inventoryDatabase: 'postgres' });
    const load = run.load.run({ count: 1_500, concurrency: 16 });
    await waitFor('a third of the orders', () => run.load.placed.length >= 500, { timeoutMs: 60_000 });

    postgresControl.stop();
    const stoppedAt = Date.now();
    try {
      await waitFor(
        'PostgreSQL to be down for 8 s while orders arrive',
        () => Date.now() - stoppedAt >= DATABASE_DOWN_MS,
        {
          timeoutMs: 30_000,
        },
      );
    } finally {
      postgresControl.start();
    }
    const orders = await load;

    const report = await checkReliability(run.system, orders, run.stock);
    const deadLetters = await deadLettersMentioning(run.system, 'inventory-service', run.marker);
    reportScenario(broker, `PostgreSQL down ${DATABASE_DOWN_MS / 1000} s`, report, deadLetters.length);
    expect(report).toMatchObject({ orders: 1_500, lost: 0, appliedTwice: 0 });
    expect(deadLetters).toEqual([]);
  }, 300_000);
});
