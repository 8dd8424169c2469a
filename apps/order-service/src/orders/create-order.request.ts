import {
  CUSTOMER_ID_LENGTH,
  CustomerId,
  MAX_ORDER_LINES,
  MIN_ORDER_LINES,
  OrderLine,
  OrderLines,
  PRINTABLE_TEXT_PATTERN,
} from '#events';
import { ApiProperty } from '@nestjs/swagger';

/** Body of POST /orders: the same rules as the order.created event it becomes (libs/events). */
export class CreateOrderRequest {
  @ApiProperty({
    description: 'Who places the order; printable characters only (no control or invisible format characters)',
    minLength: CUSTOMER_ID_LENGTH.min,
    maxLength: CUSTOMER_ID_LENGTH.max,
    pattern: PRINTABLE_TEXT_PATTERN.source,
    example: 'alice',
  })
  @CustomerId()
  customerId!: string;

  @ApiProperty({
    description: 'The order lines, reserved all-or-nothing',
    type: () => [OrderLine],
    minItems: MIN_ORDER_LINES,
    maxItems: MAX_ORDER_LINES,
    example: [
      { sku: 'KEYBOARD-1', quantity: 2 },
      { sku: 'MOUSE-1', quantity: 1 },
    ],
  })
  @OrderLines()
  items!: OrderLine[];
}
