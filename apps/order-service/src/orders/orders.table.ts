import type { OutboxTables } from '#outbox';
import type { IdempotencyKeysTable } from './idempotency-keys.table.js';

export interface OrdersTable {
  id: string;
  customer_id: string;
  status: string;
  items: string;
  rejection_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderServiceTables extends OutboxTables {
  orders: OrdersTable;
  idempotency_keys: IdempotencyKeysTable;
}
