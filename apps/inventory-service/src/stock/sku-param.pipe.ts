import { BadRequestException, type PipeTransform } from '@nestjs/common';

const SKU = /^[A-Z0-9-]{1,32}$/;

/** A SKU in the path must have the same shape as in an order line. */
export class SkuParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SKU.test(value)) throw new BadRequestException(`sku must match ${SKU}`);
    return value;
  }
}
