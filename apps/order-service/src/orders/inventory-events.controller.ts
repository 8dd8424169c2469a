import { INVENTORY_REJECTED, INVENTORY_RESERVED, InventoryRejected, InventoryReserved } from '#events';
import { HandleEvent, type ReceivedEvent } from '#messaging';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OrdersService } from './orders.service.js';

/** Inventory's answers settle the order. */
@Controller()
export class InventoryEventsController {
  constructor(private readonly orders: OrdersService) {}

  @HandleEvent(INVENTORY_RESERVED, InventoryReserved)
  async onReserved(@Payload() event: ReceivedEvent<InventoryReserved>): Promise<void> {
    await this.orders.confirm(event);
  }

  @HandleEvent(INVENTORY_REJECTED, InventoryRejected)
  async onRejected(@Payload() event: ReceivedEvent<InventoryRejected>): Promise<void> {
    await this.orders.reject(event);
  }
}
