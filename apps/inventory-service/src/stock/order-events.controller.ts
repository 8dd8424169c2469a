import { ORDER_CREATED, OrderCreated } from '#events';
import { HandleEvent, type ReceivedEvent } from '#messaging';
import type { Consumption } from '#outbox';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ReservationDecision } from './reservation.js';
import { StockService } from './stock.service.js';

/** A new order asks for its stock to be reserved. */
@Controller()
export class OrderEventsController {
  constructor(private readonly stock: StockService) {}

  @HandleEvent(ORDER_CREATED, OrderCreated)
  onOrderCreated(@Payload() event: ReceivedEvent<OrderCreated>): Promise<Consumption<ReservationDecision>> {
    return this.stock.reserve(event);
  }
}
