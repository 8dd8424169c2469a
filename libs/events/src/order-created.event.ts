import { IsString, IsUUID, Length } from 'class-validator';
import type { OrderLine } from './order-line.js';
import { OrderLines } from './order-lines.rule.js';
import { IsPrintableText } from './printable-text.js';

export const ORDER_CREATED = 'order.created';

/** Published by order-service when an order has been stored as PENDING. */
export class OrderCreated {
  @IsUUID()
  orderId!: string;

  @IsString()
  @Length(1, 64)
  @IsPrintableText()
  customerId!: string;

  @OrderLines()
  items!: OrderLine[];
}
