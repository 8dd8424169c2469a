import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { OrderLine } from './order-line.js';
import { stacked } from './stacked.js';

/** An order has at least one line. */
export const MIN_ORDER_LINES = 1;

/** The most lines one order may have, wherever its lines travel (HTTP request, events). */
export const MAX_ORDER_LINES = 50;

/** An order's lines: an array of MIN_ORDER_LINES to MAX_ORDER_LINES valid OrderLines, each an object. */
export function OrderLines(): PropertyDecorator {
  return stacked(
    IsArray(),
    ArrayMinSize(MIN_ORDER_LINES),
    ArrayMaxSize(MAX_ORDER_LINES),
    // ValidateNested checks an array inside an array element by element: `[[]]` would pass with no line.
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => OrderLine),
  );
}
