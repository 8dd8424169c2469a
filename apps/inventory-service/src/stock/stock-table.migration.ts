import { sql, type Kysely, type Migration } from 'kysely';

/** 0001-stock: the stock table, one row per SKU, never below zero. */
export const createStockTable: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('stock')
      .addColumn('sku', 'varchar(32)', (column) => column.primaryKey())
      .addColumn('available', 'integer', (column) => column.notNull().check(sql`available >= 0`))
      .addColumn('reserved', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('updated_at', 'varchar(32)', (column) => column.notNull())
      .execute();
  },
};
