import type { Kysely, Migration } from 'kysely';

/** 0001-orders. Its idempotency_key column is dropped by 0002-idempotency-keys-per-customer. */
export const createOrdersTable: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('orders')
      .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
      .addColumn('customer_id', 'varchar(64)', (column) => column.notNull())
      .addColumn('status', 'varchar(16)', (column) => column.notNull())
      .addColumn('items', 'text', (column) => column.notNull())
      .addColumn('rejection_reason', 'varchar(32)')
      .addColumn('idempotency_key', 'varchar(128)', (column) => column.unique())
      .addColumn('created_at', 'varchar(32)', (column) => column.notNull())
      .addColumn('updated_at', 'varchar(32)', (column) => column.notNull())
      .execute();
  },
};
