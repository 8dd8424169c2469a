import { Module } from '@nestjs/common';
import { IdempotencyRecords } from './idempotency-records.js';
import { InventoryEventsController } from './inventory-events.controller.js';
import { OrdersHttpController } from './orders.http.controller.js';
import { OrdersService } from './orders.service.js';

@Module({
  controllers: [OrdersHttpController, InventoryEventsController],
  providers: [OrdersService, IdempotencyRecords],
})
export class OrdersModule {}
