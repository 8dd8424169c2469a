import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { OrderLine } from './order-line.js';

/** The most lines one order may have, wherever its lines travel (HTTP request, events). */
export const MAX_ORDER_LINES = 50;

/** An order's lines: an array of 1 to MAX_ORDER_LINES valid OrderLines. */
export function OrderLines(): PropertyDecorator {
  const rules: PropertyDecorator[] = [
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_ORDER_LINES),
    ValidateNested({ each: true }),
    Type(() => OrderLine),
  ];
  return (target, property) => rules.forEach((rule) => rule(target, property));
}
