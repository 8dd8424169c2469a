import { OrderLine } from '#events';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, ValidateNested } from 'class-validator';

/** Body of POST /orders. */
export class CreateOrderRequest {
  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLine)
  items!: OrderLine[];
}
