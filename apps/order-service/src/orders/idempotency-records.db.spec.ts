import { randomUUID } from 'node:crypto';
import { OUTBOX_MIGRATIONS } from '#outbox';
import { createDatabase, parseDatabaseUrl } from '#persistence';
import type { ServiceConfig } from '#runtime';
import { Migrator, type Kysely, type Migration } from 'kysely';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '#testing';
import { idempotencyKeysPerCustomer } from './idempotency-keys-per-customer.migration.js';
import {
  IdempotencyKeyInFlightError,
  IdempotencyKeyReusedError,
  IdempotencyRecords,
  type IdempotencyScope,
} from './idempotency-records.js';
import { createOrdersTable } from './orders-table.migration.js';
import type { OrderServiceTables } from './orders.table.js';
import { requestFingerprint } from './request-fingerprint.js';

async function migrate(db: Kysely<unknown>, migrations: Record<string, Migration>) {
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
}

const BEFORE = {
  '0000-outbox-and-inbox': OUTBOX_MIGRATIONS['0000-outbox-and-inbox'],
  '0001-orders': createOrdersTable,
};
const ALL = { ...BEFORE, '0002-idempotency-keys-per-customer': idempotencyKeysPerCustomer };

describe.each(['sqlite', 'postgres'] as const)('Idempotency-Key records on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<OrderServiceTables>;
  const config = { http: { idempotencyKeyRetentionHours: 1 } } as ServiceConfig;
  const records = () => new IdempotencyRecords(db, config);
  const scope = (): IdempotencyScope => ({ customerId: `c-${randomUUID()}`, key: randomUUID() });
  const body = (customerId: string, quantity = 1) => ({ customerId, items: [{ sku: 'SKU-1', quantity }] });

  beforeAll(async () => {
    database = dialect === 'sqlite' ? sqliteDatabase('idempotency') : await postgresDatabase('idempotency');
    db = createDatabase<OrderServiceTables>(parseDatabaseUrl(database.url));
    await migrate(db as Kysely<unknown>, ALL);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  /** What the order's transaction does: the order row and the completed claim, together. */
  async function placeWith(claimToken: string, where: IdempotencyScope): Promise<string> {
    const orderId = randomUUID();
    await db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await trx
        .insertInto('orders')
        .values({
          id: orderId,
          customer_id: where.customerId,
          status: 'PENDING',
          items: '[]',
          rejection_reason: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await records().complete(trx, where, claimToken, orderId);
    });
    return orderId;
  }

  const claimed = async (where: IdempotencyScope, fingerprint: string) => {
    const claim = await records().claim(where, fingerprint);
    if (claim.outcome !== 'claimed') throw new Error(`expected a claim, got ${JSON.stringify(claim)}`);
    return claim.token;
  };

  it('replays the order of a completed key with the same body, and refuses another body with 422', async () => {
    const where = scope();
    const fingerprint = requestFingerprint(body(where.customerId));
    const orderId = await placeWith(await claimed(where, fingerprint), where);

    expect(await records().claim(where, fingerprint)).toEqual({ outcome: 'completed', orderId });
    await expect(records().claim(where, requestFingerprint(body(where.customerId, 2)))).rejects.toThrow(
      IdempotencyKeyReusedError,
    );
  });

  it('answers 409 while the first request holds the key, for the same body or another', async () => {
    const where = scope();
    const fingerprint = requestFingerprint(body(where.customerId));
    await claimed(where, fingerprint);
    await expect(records().claim(where, fingerprint)).rejects.toThrow(IdempotencyKeyInFlightError);
  });

  it('scopes keys per customer', async () => {
    const where = scope();
    const other = { ...where, customerId: `c-${randomUUID()}` };
    await placeWith(await claimed(where, requestFingerprint(body(where.customerId))), where);
    expect((await records().claim(other, requestFingerprint(body(other.customerId)))).outcome).toBe('claimed');
  });

  it('lets a retry take over a claim whose lease ran out, and the late first request then cannot complete', async () => {
    const where = scope();
    const fingerprint = requestFingerprint(body(where.customerId));
    const first = await claimed(where, fingerprint);
    await db
      .updateTable('idempotency_keys')
      .set({ lease_expires_at: new Date(Date.now() - 1).toISOString() })
      .where('idempotency_key', '=', where.key)
      .execute();

    const second = await claimed(where, fingerprint);
    await expect(placeWith(first, where)).rejects.toThrow(IdempotencyKeyInFlightError);
    const orderId = await placeWith(second, where);
    expect(await records().claim(where, fingerprint)).toEqual({ outcome: 'completed', orderId });
    const orders = await db.selectFrom('orders').select('id').where('customer_id', '=', where.customerId).execute();
    expect(orders).toEqual([{ id: orderId }]);
  });

  it('forgets a key after the retention: the same key places a new order, and pruning deletes it', async () => {
    const where = scope();
    const fingerprint = requestFingerprint(body(where.customerId));
    await placeWith(await claimed(where, fingerprint), where);
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await db
      .updateTable('idempotency_keys')
      .set({ created_at: twoHoursAgo })
      .where('idempotency_key', '=', where.key)
      .execute();

    expect((await records().claim(where, requestFingerprint(body(where.customerId, 3)))).outcome).toBe('claimed');

    await db
      .updateTable('idempotency_keys')
      .set({ created_at: twoHoursAgo })
      .where('idempotency_key', '=', where.key)
      .execute();
    expect(await records().pruneExpired()).toBeGreaterThanOrEqual(1);
    const left = await db.selectFrom('idempotency_keys').select('created_at').where('created_at', '<=', twoHoursAgo);
    expect(await left.execute()).toEqual([]);
  });

  it('lets exactly one of many concurrent claims of one key win', async () => {
    const where = scope();
    const fingerprint = requestFingerprint(body(where.customerId));
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => records().claim(where, fingerprint)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((each) => each.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyInFlightError);
    }
  });

  it('migrates keys of the old global column into per-customer records with their fingerprint', async () => {
    const old = dialect === 'sqlite' ? sqliteDatabase('idempotency-old') : await postgresDatabase('idempotency-old');
    const oldDb = createDatabase<Record<string, Record<string, unknown>>>(parseDatabaseUrl(old.url));
    try {
      await migrate(oldDb as Kysely<unknown>, BEFORE);
      const now = new Date().toISOString();
      const rows = [
        { customerId: 'alice', key: 'k-1', items: [{ sku: 'A', quantity: 2 }] },
        { customerId: 'bob', key: null, items: [{ sku: 'B', quantity: 1 }] },
      ].map(({ customerId, key, items }) => ({
        id: randomUUID(),
        customer_id: customerId,
        status: 'CONFIRMED',
        items: JSON.stringify(items),
        rejection_reason: null,
        idempotency_key: key,
        created_at: now,
        updated_at: now,
      }));
      await oldDb.insertInto('orders').values(rows).execute();

      await migrate(oldDb as Kysely<unknown>, ALL);

      const migrated = oldDb as unknown as Kysely<OrderServiceTables>;
      expect(
        await migrated.selectFrom('orders').select(['id', 'customer_id', 'status']).orderBy('customer_id').execute(),
      ).toEqual(rows.map(({ id, customer_id, status }) => ({ id, customer_id, status })));
      const carried = new IdempotencyRecords(migrated, config);
      const fingerprint = requestFingerprint({ customerId: 'alice', items: [{ sku: 'A', quantity: 2 }] });
      expect(await carried.claim({ customerId: 'alice', key: 'k-1' }, fingerprint)).toEqual({
        outcome: 'completed',
        orderId: rows[0].id,
      });
      // The key is alice's only now: bob may use it for his own order.
      expect((await carried.claim({ customerId: 'bob', key: 'k-1' }, 'another')).outcome).toBe('claimed');
    } finally {
      await oldDb.destroy();
      await old.drop();
    }
  });
});
