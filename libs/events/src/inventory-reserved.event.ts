import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsUUID, ValidateNested } from 'class-validator';
import { OrderLine } from './order-line.js';

export const INVENTORY_RESERVED = 'inventory.reserved';

/** Published by inventory-service when every line of an order was reserved. */
export class InventoryReserved {
  @IsUUID()
  orderId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => OrderLine)
  items!: OrderLine[];
}
