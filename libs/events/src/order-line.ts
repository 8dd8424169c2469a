import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { SKU_PATTERN } from './sku.rule.js';

/** How many units of one SKU a line may ask for. */
export const LINE_QUANTITY = { min: 1, max: 1000 } as const;

/** One SKU and how many units of it; shared by the order and reservation events. */
export class OrderLine {
  @ApiProperty({ description: 'Stock keeping unit', pattern: SKU_PATTERN.source, example: 'KEYBOARD-1' })
  @IsString()
  @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({
    description: 'Units of this SKU',
    type: 'integer',
    minimum: LINE_QUANTITY.min,
    maximum: LINE_QUANTITY.max,
    example: 2,
  })
  @IsInt()
  @Min(LINE_QUANTITY.min)
  @Max(LINE_QUANTITY.max)
  quantity!: number;
}
