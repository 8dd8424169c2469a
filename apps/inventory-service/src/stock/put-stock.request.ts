import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** Body of PUT /stock/:sku. */
export class PutStockRequest {
  @ApiProperty({
    description: 'Units available for new orders; units already reserved are not counted here and stay reserved',
    type: 'integer',
    minimum: 0,
    maximum: 1_000_000_000,
    example: 100,
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  available!: number;
}
