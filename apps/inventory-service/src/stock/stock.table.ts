import type { OutboxTables } from '#outbox';

export interface StockTable {
  sku: string;
  available: number;
  reserved: number;
  updated_at: string;
}

export interface InventoryServiceTables extends OutboxTables {
  stock: StockTable;
}
