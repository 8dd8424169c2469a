import { SKU_PATTERN } from '#events';
import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** A SKU in the path must have the same shape as in an order line. */
export class SkuParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SKU_PATTERN.test(value)) throw new BadRequestException(`sku must match ${SKU_PATTERN}`);
    return value;
  }
}
