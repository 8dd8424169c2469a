import { Module } from '@nestjs/common';
import { InventoryEventsController } from './inventory-events.controller.js';
import { OrdersHttpController } from './orders.http.controller.js';
import { OrdersService } from './orders.service.js';

@Module({
  controllers: [OrdersHttpController, InventoryEventsController],
  providers: [OrdersService],
})
export class OrdersModule {}
