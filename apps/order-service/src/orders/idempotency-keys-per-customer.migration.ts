import { type Kysely, type Migration, SqliteAdapter } from 'kysely';
import type { IdempotencyKeysTable } from './idempotency-keys.table.js';
import { requestFingerprint } from './request-fingerprint.js';

interface OrdersTableBefore {
  id: string;
  customer_id: string;
  items: string;
  idempotency_key: string | null;
  created_at: string;
}

const ORDERS_COLUMNS = ['id', 'customer_id', 'status', 'items', 'rejection_reason', 'created_at', 'updated_at'];

/**
 * 0002-idempotency-keys-per-customer: keys move from a globally unique column of `orders` (where a
 * reused key returned another customer's order) to their own table keyed by (customer, key), with
 * each existing key carried over with its request's fingerprint.
 */
export const idempotencyKeysPerCustomer: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('customer_id', 'varchar(64)', (column) => column.notNull())
      .addColumn('idempotency_key', 'varchar(255)', (column) => column.notNull())
      .addColumn('fingerprint', 'varchar(64)', (column) => column.notNull())
      .addColumn('order_id', 'varchar(36)')
      .addColumn('claim_token', 'varchar(36)', (column) => column.notNull())
      .addColumn('lease_expires_at', 'varchar(32)', (column) => column.notNull())
      .addColumn('created_at', 'varchar(32)', (column) => column.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['customer_id', 'idempotency_key'])
      .execute();
    await db.schema.createIndex('idempotency_keys_created_at').on('idempotency_keys').column('created_at').execute();

    const tables = db as unknown as Kysely<{ orders: OrdersTableBefore; idempotency_keys: IdempotencyKeysTable }>;
    for (let after = ''; ;) {
      const rows = await tables
        .selectFrom('orders')
        .select(['id', 'customer_id', 'items', 'idempotency_key', 'created_at'])
        .where('idempotency_key', 'is not', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(500)
        .execute();
      if (rows.length === 0) break;
      await tables
        .insertInto('idempotency_keys')
        .values(
          rows.map((row) => ({
            customer_id: row.customer_id,
            idempotency_key: row.idempotency_key!,
            fingerprint: requestFingerprint({ customerId: row.customer_id, items: JSON.parse(row.items) }),
            order_id: row.id,
            claim_token: row.id,
            lease_expires_at: row.created_at,
            created_at: row.created_at,
          })),
        )
        .execute();
      after = rows[rows.length - 1].id;
    }

    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      // SQLite cannot drop a UNIQUE column: rebuild the table without it.
      await db.schema
        .createTable('orders_rebuilt')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('customer_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('status', 'varchar(16)', (column) => column.notNull())
        .addColumn('items', 'text', (column) => column.notNull())
        .addColumn('rejection_reason', 'varchar(32)')
        .addColumn('created_at', 'varchar(32)', (column) => column.notNull())
        .addColumn('updated_at', 'varchar(32)', (column) => column.notNull())
        .execute();
      const untyped = db as Kysely<Record<string, Record<string, unknown>>>;
      await untyped
        .insertInto('orders_rebuilt')
        .columns(ORDERS_COLUMNS)
        .expression(untyped.selectFrom('orders').select(ORDERS_COLUMNS))
        .execute();
      await db.schema.dropTable('orders').execute();
      await db.schema.alterTable('orders_rebuilt').renameTo('orders').execute();
    } else {
      await db.schema.alterTable('orders').dropColumn('idempotency_key').execute();
    }
  },
};
