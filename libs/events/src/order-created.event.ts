import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { OrderLine } from './order-line.js';
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

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLine)
  items!: OrderLine[];
}
