import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** What a SKU looks like, wherever one appears (order lines, stock paths, rejections). */
export const SKU_PATTERN = /^[A-Z0-9-]{1,32}$/;

/** One SKU and how many units of it; shared by the order and reservation events. */
export class OrderLine {
  @ApiProperty({ description: 'Stock keeping unit', pattern: SKU_PATTERN.source, example: 'KEYBOARD-1' })
  @IsString()
  @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({ description: 'Units of this SKU', type: 'integer', minimum: 1, maximum: 1000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;
}
