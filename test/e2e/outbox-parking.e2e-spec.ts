import { listParkedOutboxRows, unparkAllOutboxRows, type OutboxTables } from '#outbox';
import type { Kysely } from 'kysely';
import { BROKERS_UNDER_TEST, OrderSystem, uniqueSku, waitFor } from '#testing';
import { envelopeOf, insertOutboxRows, outboxState } from '../support/outbox-rows.js';

const UNPUBLISHABLE = 300;
const MAX_ATTEMPTS = 3;

describe.each(BROKERS_UNDER_TEST)('unpublishable rows at the head of the outbox (%s)', (broker) => {
  let system: OrderSystem;
  let db: Kysely<OutboxTables>;

  beforeAll(async () => {
    // PostgreSQL (leases taken FOR UPDATE SKIP LOCKED) on two brokers, SQLite on the other.
    const orderDatabase = broker === 'rabbitmq' ? 'sqlite' : 'postgres';
    system = await OrderSystem.start({
      broker,
      orderDatabase,
      inventoryDatabase: 'sqlite',
      env: { OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS) },
    });
    db = system.openDatabase<OutboxTables>('orders');
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await system?.stop();
  }, 60_000);

  it('never block fresh orders, end parked with attempts and error, and are retried when un-parked', async () => {
    // A type with no topic or queue anywhere: no broker can take it, and the service refuses to try.
    const type = `ghost.${uniqueSku('T').toLowerCase()}`;
    const bad = Array.from({ length: UNPUBLISHABLE }, () => envelopeOf(type));
    const badIds = bad.map((event) => event.id);
    await insertOutboxRows(db, bad);

    const sku = uniqueSku('PARK');
    await system.putStock(sku, 100);
    const started = Date.now();
    const orders = await Promise.all(
      Array.from({ length: 20 }, () => system.placeValidOrder({ customerId: 'park', items: [{ sku, quantity: 1 }] })),
    );
    const settled = await Promise.all(orders.map((order) => system.waitUntilSettled(order.id, 30_000)));
    expect(settled.every((order) => order.status === 'CONFIRMED')).toBe(true);
    console.log(
      `[outbox parking] ${broker}: 20 fresh orders settled in ${Date.now() - started} ms behind ${UNPUBLISHABLE} unpublishable rows`,
    );

    const parkedAll = async () => {
      const state = await outboxState(db, badIds);
      return state.every((row) => row.parked_at !== null) && state;
    };
    const parked = await waitFor('every unpublishable row parked', parkedAll, { timeoutMs: 60_000, intervalMs: 250 });
    expect(parked).toHaveLength(UNPUBLISHABLE);
    for (const row of parked) {
      expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, published_at: null });
      expect(row.last_error).toContain(`event type "${type}" is not among the types this service publishes`);
    }
    const listed = new Set((await listParkedOutboxRows(db, { limit: 10_000 })).map((row) => row.id));
    expect(badIds.every((id) => listed.has(id))).toBe(true);

    // Un-parked: the relay takes them up again from a fresh count, and parks them again.
    const firstParkedAt = new Map(parked.map((row) => [row.id, row.parked_at!]));
    expect(await unparkAllOutboxRows(db)).toBeGreaterThanOrEqual(UNPUBLISHABLE);
    const reparked = await waitFor(
      'the un-parked rows retried and parked again',
      async () => {
        const state = await parkedAll();
        return state && state.every((row) => row.parked_at! > firstParkedAt.get(row.id)!) && state;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(reparked.every((row) => row.attempts === MAX_ATTEMPTS)).toBe(true);

    // And the flow still goes on.
    const after = await system.placeValidOrder({ customerId: 'park', items: [{ sku, quantity: 1 }] });
    expect((await system.waitUntilSettled(after.id, 30_000)).status).toBe('CONFIRMED');
  }, 180_000);
});
