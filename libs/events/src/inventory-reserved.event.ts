import { IsUUID } from 'class-validator';
import type { OrderLine } from './order-line.js';
import { OrderLines } from './order-lines.rule.js';

export const INVENTORY_RESERVED = 'inventory.reserved';

/** Published by inventory-service when every line of an order was reserved. */
export class InventoryReserved {
  @IsUUID()
  orderId!: string;

  @OrderLines()
  items!: OrderLine[];
}
