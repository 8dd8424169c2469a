import type { OutboxTables } from '#outbox';
import { sql, type Kysely, type Migration } from 'kysely';

export interface StockTable {
  sku: string;
  available: number;
  reserved: number;
  updated_at: string;
}

export interface InventoryServiceTables extends OutboxTables {
  stock: StockTable;
}

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
