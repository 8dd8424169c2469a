import { IsPrintableText, OrderLine, PRINTABLE_TEXT_PATTERN } from '#events';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, ValidateNested } from 'class-validator';

/** Body of POST /orders. */
export class CreateOrderRequest {
  @ApiProperty({
    description: 'Who places the order; printable characters only (no control or invisible format characters)',
    minLength: 1,
    maxLength: 64,
    pattern: PRINTABLE_TEXT_PATTERN.source,
    example: 'alice',
  })
  @IsString()
  @Length(1, 64)
  @IsPrintableText()
  customerId!: string;

  @ApiProperty({
    description: 'The order lines, reserved all-or-nothing',
    type: () => [OrderLine],
    minItems: 1,
    maxItems: 50,
    example: [
      { sku: 'KEYBOARD-1', quantity: 2 },
      { sku: 'MOUSE-1', quantity: 1 },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLine)
  items!: OrderLine[];
}
