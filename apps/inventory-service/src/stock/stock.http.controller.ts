import { Body, Controller, Get, NotFoundException, Param, Put } from '@nestjs/common';
import { SkuParamPipe } from './sku-param.pipe.js';
import { PutStockRequest } from './put-stock.request.js';
import { StockService, type StockView } from './stock.service.js';

@Controller('stock')
export class StockHttpController {
  constructor(private readonly stock: StockService) {}

  @Get(':sku')
  async get(@Param('sku', SkuParamPipe) sku: string): Promise<StockView> {
    const level = await this.stock.findStock(sku);
    if (!level) throw new NotFoundException(`SKU ${sku} not found`);
    return level;
  }

  /** Creates the SKU or sets its available quantity; what is already reserved stays reserved. */
  @Put(':sku')
  async put(@Param('sku', SkuParamPipe) sku: string, @Body() request: PutStockRequest): Promise<StockView> {
    return this.stock.setAvailable(sku, request.available);
  }
}
