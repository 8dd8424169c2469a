import { Module } from '@nestjs/common';
import { IdempotencyRecords } from './idempotency-records.js';
import { OrderSettlementMetrics } from './order-settlement.metrics.js';
import { InventoryEventsController } from './inventory-events.controller.js';
import { OrdersHttpController } from './orders.http.controller.js';
import { OrdersService } from './orders.service.js';

@Module({
  controllers: [OrdersHttpController, InventoryEventsController],
  providers: [OrdersService, IdempotencyRecords, OrderSettlementMetrics],
})
export class OrdersModule {}
