import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** One SKU and how many units of it; shared by the order and reservation events. */
export class OrderLine {
  @IsString()
  @Matches(/^[A-Z0-9-]{1,32}$/)
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;
}
