import { IsInt, Max, Min } from 'class-validator';

/** Body of PUT /stock/:sku. */
export class PutStockRequest {
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  available!: number;
}
