import { SKU_PATTERN } from '#events';
import { AdminOnly } from '#runtime';
import { Body, Controller, Get, NotFoundException, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { SkuParamPipe } from './sku-param.pipe.js';
import { PutStockRequest } from './put-stock.request.js';
import { StockResponse } from './stock.response.js';
import { StockService, type StockView } from './stock.service.js';

const SKU_PARAM = {
  name: 'sku',
  description: 'Stock keeping unit',
  schema: { type: 'string', pattern: SKU_PATTERN.source, example: 'KEYBOARD-1' },
} as const;

@ApiTags('stock')
@Controller('stock')
export class StockHttpController {
  constructor(private readonly stock: StockService) {}

  @Get(':sku')
  @ApiOperation({ summary: "Read a SKU's stock level" })
  @ApiParam(SKU_PARAM)
  @ApiOkResponse({ description: 'The stock level', type: StockResponse })
  @ApiBadRequestResponse({ description: 'The SKU does not match the pattern' })
  @ApiNotFoundResponse({ description: 'No stock was ever set for this SKU' })
  async get(@Param('sku', SkuParamPipe) sku: string): Promise<StockView> {
    const level = await this.stock.findStock(sku);
    if (!level) throw new NotFoundException(`SKU ${sku} not found`);
    return level;
  }

  /** Creates the SKU or sets its available quantity; what is already reserved stays reserved. */
  @Put(':sku')
  @AdminOnly()
  @ApiOperation({
    summary: 'Create a SKU or set its available quantity',
    description:
      'What is already reserved stays reserved. Stock administration: when the service has ADMIN_TOKEN set, ' +
      'the request needs `Authorization: Bearer <ADMIN_TOKEN>` (401 otherwise).',
  })
  @ApiParam(SKU_PARAM)
  @ApiOkResponse({ description: 'The stock level after the change', type: StockResponse })
  @ApiBadRequestResponse({ description: 'The SKU or the body is not valid; nothing was changed' })
  async put(@Param('sku', SkuParamPipe) sku: string, @Body() request: PutStockRequest): Promise<StockView> {
    return this.stock.setAvailable(sku, request.available);
  }
}
