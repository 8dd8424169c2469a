import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { EventTraceContext } from '#events';
import { RequestTraceContext } from '#runtime';
import type { FastifyReply } from 'fastify';
import { CreateOrderRequest } from './create-order.request.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH, IdempotencyKey } from './idempotency-key.js';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './idempotency-records.js';
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
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'draft-ietf-httpapi-idempotency-key-header. Retrying with the same key and the same body returns the order ' +
      `first placed with it instead of placing another. 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, ` +
      'bare or as an RFC 8941 quoted string (`"abc"` and `abc` are the same key), sent once. Keys are scoped to the ' +
      'customerId and remembered for IDEMPOTENCY_KEY_RETENTION_HOURS (default 24) from first use; after that the ' +
      'same key places a new order.',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
      example: '3b0c2f9e-order-attempt-1',
    },
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
  @ApiBadRequestResponse({
    description:
      'The body is not valid, or the Idempotency-Key is empty, too long, not printable ASCII or sent twice; ' +
      'nothing was stored or published',
  })
  @ApiConflictResponse({
    description: 'A request with this Idempotency-Key is still in flight; retry later (nothing was stored by this one)',
  })
  @ApiUnprocessableEntityResponse({
    description: 'This Idempotency-Key was already used by this customer with a different body; nothing was stored',
  })
  async create(
    @Body() request: CreateOrderRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @RequestTraceContext() trace: EventTraceContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<Order> {
    try {
      const { order, created } = await this.orders.placeOrder(request, idempotencyKey, trace);
      if (!created) response.header('Idempotent-Replayed', 'true');
      return order;
    } catch (error) {
      if (error instanceof IdempotencyKeyInFlightError) throw new ConflictException(error.message);
      if (error instanceof IdempotencyKeyReusedError) throw new UnprocessableEntityException(error.message);
      throw error;
    }
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
