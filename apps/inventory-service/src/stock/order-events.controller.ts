import { ORDER_CREATED, OrderCreated } from '#events';
import { HandleEvent, type ReceivedEvent } from '#messaging';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { StockService } from './stock.service.js';

/** A new order asks for its stock to be reserved. */
@Controller()
export class OrderEventsController {
  constructor(private readonly stock: StockService) {}

  @HandleEvent(ORDER_CREATED, OrderCreated)
  async onOrderCreated(@Payload() event: ReceivedEvent<OrderCreated>): Promise<void> {
    await this.stock.reserve(event);
  }
}
