import { SKU_PATTERN } from '#events';
import { ApiProperty } from '@nestjs/swagger';
import type { StockView } from './stock.service.js';

/** The OpenAPI schema of one SKU's stock level; `implements StockView` keeps the two in step. */
export class StockResponse implements StockView {
  @ApiProperty({ pattern: SKU_PATTERN.source, example: 'KEYBOARD-1' })
  sku!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Units that new orders can still reserve', example: 98 })
  available!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Units held by confirmed orders', example: 2 })
  reserved!: number;
}
