import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateOrderRequest } from './create-order.request.js';
import type { Order } from './order.js';
import { OrderResponse } from './order.response.js';
import { OrdersService } from './orders.service.js';

@ApiTags('orders')
@Controller('orders')
export class OrdersHttpController {
  constructor(private readonly orders: OrdersService) {}

  /** 201 with the new order; a retry with the same Idempotency-Key gets the first order again, marked as a replay. */
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Place an order',
    description:
      'Stores the order as PENDING and publishes order.created in the same transaction. ' +
      'Any invalid value or unknown property is refused with 400; nothing is stored or published.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Retrying with the same key returns the order first placed with it instead of placing another ' +
      '(only the first 128 characters count)',
    schema: { type: 'string', example: '3b0c2f9e-order-attempt-1' },
  })
  @ApiCreatedResponse({
    description: 'The order, PENDING until inventory answered (or the first order placed with this Idempotency-Key)',
    type: OrderResponse,
    headers: {
      'Idempotent-Replayed': {
        description: 'Present, with the value true, when the answer is the order first placed with this key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  async create(
    @Body() request: CreateOrderRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Order> {
    const { order, created } = await this.orders.placeOrder(request, idempotencyKey?.slice(0, 128) || undefined);
    if (!created) response.setHeader('Idempotent-Replayed', 'true');
    return order;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an order and its status' })
  @ApiParam({ name: 'id', description: 'The order id', schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ description: 'The order', type: OrderResponse })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No order with this id' })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<Order> {
    const order = await this.orders.findOrder(id);
    if (!order) throw new NotFoundException(`order ${id} not found`);
    return order;
  }
}
