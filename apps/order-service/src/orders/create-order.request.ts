import { OrderLine } from '#events';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, ValidateNested } from 'class-validator';

/** Body of POST /orders. */
export class CreateOrderRequest {
  @ApiProperty({ description: 'Who places the order', minLength: 1, maxLength: 64, example: 'alice' })
  @IsString()
  @Length(1, 64)
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
