import { createEnvelope, INVENTORY_RESERVED, ORDER_CREATED } from '#events';
import { OUTBOX_MIGRATIONS, RetentionPruner, type OutboxTables } from '#outbox';
import { createDatabase, migrateDatabase, parseDatabaseUrl } from '#persistence';
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import {
  BROKERS_UNDER_TEST,
  describeWithoutBroker,
  type MessageSpy,
  OrderSystem,
  postgresDatabase,
  type RawBrokerClient,
  rawClientFor,
  sqliteDatabase,
  type TestDatabase,
  uniqueSku,
  waitFor,
} from '#testing';
import { envelopeOf, insertOutboxRows } from '../support/outbox-rows.js';

const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** Rows of every kind, some past a 24 h retention: what pruning must remove and what it must keep. */
async function seedRows(db: Kysely<OutboxTables>, count: number) {
  const inbox = (label: string, processedAt: string) =>
    Array.from({ length: count }, () => ({
      source: '/pruning-test',
      event_id: `${label}-${randomUUID()}`,
      type: 'pruning.test',
      processed_at: processedAt,
    }));
  const oldInbox = inbox('old', hoursAgo(48));
  const freshInbox = inbox('fresh', hoursAgo(1));
  await insertInboxRows(db, [...oldInbox, ...freshInbox]);
  const outbox = () => Array.from({ length: count }, () => envelopeOf('pruning.test'));
  const oldPublished = outbox();
  const freshPublished = outbox();
  const oldParked = outbox();
  const oldUnpublished = outbox();
  await insertOutboxRows(
    db,
    [...oldPublished, ...freshPublished, ...oldParked, ...oldUnpublished],
    new Date(Date.now() - 49 * HOUR),
  );
  const set = (events: { id: string }[], values: Record<string, string | null>) =>
    db
      .updateTable('outbox')
      .set(values)
      .where(
        'id',
        'in',
        events.map((event) => event.id),
      )
      .execute();
  await set(oldPublished, { published_at: hoursAgo(48) });
  await set(freshPublished, { published_at: hoursAgo(1) });
  await set(oldParked, { parked_at: hoursAgo(48), last_error: 'refused' });
  // Waiting for its next attempt, so that a running relay leaves it alone during the test.
  await set(oldUnpublished, { next_attempt_at: new Date(Date.now() + 24 * HOUR).toISOString() });
  return { oldInbox, freshInbox, oldPublished, freshPublished, oldParked, oldUnpublished };
}

type InboxRow = { source: string; event_id: string; type: string; processed_at: string };

/** Inserts inbox rows, leaving out `source` where the inbox is still keyed by the event id alone. */
async function insertInboxRows(db: Kysely<OutboxTables>, rows: InboxRow[]): Promise<void> {
  const columns = (await db.introspection.getTables()).find((table) => table.name === 'inbox')?.columns ?? [];
  const hasSource = columns.some((column) => column.name === 'source');
  for (let start = 0; start < rows.length; start += 200) {
    const batch = rows.slice(start, start + 200).map(({ source, ...row }) => (hasSource ? { source, ...row } : row));
    await db
      .insertInto('inbox')
      .values(batch as never)
      .execute();
  }
}

async function remaining(db: Kysely<OutboxTables>, seeded: Awaited<ReturnType<typeof seedRows>>) {
  const inboxIds = new Set(
    (await db.selectFrom('inbox').select('event_id').where('type', '=', 'pruning.test').execute()).map(
      (row) => row.event_id,
    ),
  );
  const outboxIds = new Set(
    (await db.selectFrom('outbox').select('id').where('type', '=', 'pruning.test').execute()).map((row) => row.id),
  );
  const count = (rows: { id?: string; event_id?: string }[], ids: Set<string>) =>
    rows.filter((row) => ids.has((row.id ?? row.event_id)!)).length;
  return {
    oldInbox: count(seeded.oldInbox, inboxIds),
    freshInbox: count(seeded.freshInbox, inboxIds),
    oldPublished: count(seeded.oldPublished, outboxIds),
    freshPublished: count(seeded.freshPublished, outboxIds),
    oldParked: count(seeded.oldParked, outboxIds),
    oldUnpublished: count(seeded.oldUnpublished, outboxIds),
  };
}

describeWithoutBroker().each(['sqlite', 'postgres'] as const)('retention pruning on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<OutboxTables>;

  beforeAll(async () => {
    database = dialect === 'postgres' ? await postgresDatabase('pruning') : sqliteDatabase('pruning');
    db = createDatabase<OutboxTables>(parseDatabaseUrl(database.url));
    await migrateDatabase(db as Kysely<unknown>, OUTBOX_MIGRATIONS);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('removes old processed and published rows in batches, and keeps fresh, parked and unpublished ones', async () => {
    // More than two batches of each kind.
    const seeded = await seedRows(db, 1_200);
    const pruner = new RetentionPruner(db, { inboxHours: 24, outboxHours: 24, intervalMs: 60_000 });
    expect(await pruner.pruneOnce()).toEqual({ inbox: 1_200, outbox: 1_200 });
    expect(await remaining(db, seeded)).toEqual({
      oldInbox: 0,
      freshInbox: 1_200,
      oldPublished: 0,
      freshPublished: 1_200,
      oldParked: 1_200,
      oldUnpublished: 1_200,
    });
    expect(await pruner.pruneOnce()).toEqual({ inbox: 0, outbox: 0 });
  }, 60_000);
});

describe.each(BROKERS_UNDER_TEST)('retention pruning in a running service (%s)', (broker) => {
  let system: OrderSystem;
  let raw: RawBrokerClient;
  let spy: MessageSpy;

  beforeAll(async () => {
    system = await OrderSystem.start({
      broker,
      orderDatabase: 'sqlite',
      inventoryDatabase: broker === 'rabbitmq' ? 'sqlite' : 'postgres',
      env: { INBOX_RETENTION_HOURS: '24', OUTBOX_RETENTION_HOURS: '24', PRUNE_INTERVAL_MS: '500' },
    });
    raw = rawClientFor(broker);
    spy = await raw.spy([INVENTORY_RESERVED]);
  }, 120_000);

  afterAll(async () => {
    await spy?.close();
    await raw?.close();
    await system?.stop();
  }, 60_000);

  it('prunes on its timer, and a redelivery within retention is still ignored', async () => {
    const db = system.openDatabase<OutboxTables>('inventory');
    try {
      const seeded = await seedRows(db, 50);
      await waitFor('the old rows pruned by the service', async () => {
        const left = await remaining(db, seeded);
        return left.oldInbox === 0 && left.oldPublished === 0 && left;
      });
      expect(await remaining(db, seeded)).toEqual({
        oldInbox: 0,
        freshInbox: 50,
        oldPublished: 0,
        freshPublished: 50,
        oldParked: 50,
        oldUnpublished: 50,
      });

      // An event applied a moment ago, delivered again after several pruning passes: nothing changes.
      const sku = uniqueSku('PRUNE');
      await system.putStock(sku, 10);
      const orderId = randomUUID();
      const event = createEnvelope({
        type: ORDER_CREATED,
        source: '/pruning-test',
        subject: orderId,
        data: { orderId, customerId: 'pruning', items: [{ sku, quantity: 2 }] },
      });
      const send = () =>
        raw.publish(ORDER_CREATED, orderId, JSON.stringify(event), { 'content-type': 'application/cloudevents+json' });
      await send();
      await spy.waitForEvent(INVENTORY_RESERVED, (envelope) => envelope.subject === orderId);
      // A pass that ran after the event was applied: it removed this old row, and left the event's own.
      const marker = `old-${randomUUID()}`;
      await insertInboxRows(db, [
        { source: '/pruning-test', event_id: marker, type: 'pruning.test', processed_at: hoursAgo(48) },
      ]);
      await waitFor('a pruning pass after the event', async () => {
        const rows = await db.selectFrom('inbox').select('event_id').where('event_id', '=', marker).execute();
        return rows.length === 0;
      });
      expect(await db.selectFrom('inbox').select('event_id').where('event_id', '=', event.id).execute()).toHaveLength(
        1,
      );
      await send();

      // A later event of its own, after the redelivery, shows the consumer got past it.
      const sentinelId = randomUUID();
      await raw.publish(
        ORDER_CREATED,
        sentinelId,
        JSON.stringify(
          createEnvelope({
            type: ORDER_CREATED,
            source: '/pruning-test',
            subject: sentinelId,
            data: { orderId: sentinelId, customerId: 'pruning', items: [{ sku, quantity: 1 }] },
          }),
        ),
        { 'content-type': 'application/cloudevents+json' },
      );
      await spy.waitForEvent(INVENTORY_RESERVED, (envelope) => envelope.subject === sentinelId);
      expect(spy.envelopes(INVENTORY_RESERVED).filter((envelope) => envelope.subject === orderId)).toHaveLength(1);
      expect(await system.getStock(sku)).toEqual({ sku, available: 7, reserved: 3 });
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
