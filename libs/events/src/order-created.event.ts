import { IsUUID } from 'class-validator';
import { CustomerId } from './customer-id.rule.js';
import type { OrderLine } from './order-line.js';
import { OrderLines } from './order-lines.rule.js';

export const ORDER_CREATED = 'order.created';

/** Published by order-service when an order has been stored as PENDING. */
export class OrderCreated {
  @IsUUID()
  orderId!: string;

  @CustomerId()
  customerId!: string;

  @OrderLines()
  items!: OrderLine[];
}
