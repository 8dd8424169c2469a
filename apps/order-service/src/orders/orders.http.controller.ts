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
import type { Response } from 'express';
import { CreateOrderRequest } from './create-order.request.js';
import type { Order } from './order.js';
import { OrdersService } from './orders.service.js';

@Controller('orders')
export class OrdersHttpController {
  constructor(private readonly orders: OrdersService) {}

  /** 201 with the new order; a retry with the same Idempotency-Key gets the first order again, marked as a replay. */
  @Post()
  @HttpCode(201)
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
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<Order> {
    const order = await this.orders.findOrder(id);
    if (!order) throw new NotFoundException(`order ${id} not found`);
    return order;
  }
}
