import { INVENTORY_REJECTED, INVENTORY_RESERVED, InventoryRejected, InventoryReserved } from '#events';
import { HandleEvent, type ReceivedEvent } from '#messaging';
import type { Consumption } from '#outbox';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OrdersService } from './orders.service.js';

/** Inventory's answers settle the order. */
@Controller()
export class InventoryEventsController {
  constructor(private readonly orders: OrdersService) {}

  @HandleEvent(INVENTORY_RESERVED, InventoryReserved)
  onReserved(@Payload() event: ReceivedEvent<InventoryReserved>): Promise<Consumption<void>> {
    return this.orders.confirm(event);
  }

  @HandleEvent(INVENTORY_REJECTED, InventoryRejected)
  onRejected(@Payload() event: ReceivedEvent<InventoryRejected>): Promise<Consumption<void>> {
    return this.orders.reject(event);
  }
}
