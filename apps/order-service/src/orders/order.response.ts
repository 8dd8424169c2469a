import {
  CUSTOMER_ID_LENGTH,
  MAX_ORDER_LINES,
  MIN_ORDER_LINES,
  OrderLine,
  REJECTION_REASONS,
  type RejectionReason,
} from '#events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Order, OrderStatus } from './order.js';

export const ORDER_STATUSES: readonly OrderStatus[] = ['PENDING', 'CONFIRMED', 'REJECTED'];

/** The OpenAPI schema of an order as the API shows it; `implements Order` keeps the two in step. */
export class OrderResponse implements Order {
  @ApiProperty({ format: 'uuid', example: '94f93937-6c1e-4f57-9d3a-2b8d1c0e5a71' })
  id!: string;

  @ApiProperty({
    enum: ORDER_STATUSES,
    enumName: 'OrderStatus',
    description: 'PENDING until inventory answered; CONFIRMED when every line was reserved, REJECTED when none was',
    example: 'PENDING',
  })
  status!: OrderStatus;

  @ApiProperty({ minLength: CUSTOMER_ID_LENGTH.min, maxLength: CUSTOMER_ID_LENGTH.max, example: 'alice' })
  customerId!: string;

  @ApiProperty({ type: () => [OrderLine], minItems: MIN_ORDER_LINES, maxItems: MAX_ORDER_LINES })
  items!: OrderLine[];

  @ApiPropertyOptional({
    enum: REJECTION_REASONS,
    enumName: 'RejectionReason',
    description: 'Only on a REJECTED order',
    example: 'OUT_OF_STOCK',
  })
  rejectionReason?: RejectionReason;

  @ApiProperty({ format: 'date-time', example: '2026-01-01T12:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-01-01T12:00:00.000Z' })
  updatedAt!: string;
}
