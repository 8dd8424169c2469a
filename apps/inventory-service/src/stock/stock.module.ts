import { Module } from '@nestjs/common';
import { OrderEventsController } from './order-events.controller.js';
import { StockHttpController } from './stock.http.controller.js';
import { StockService } from './stock.service.js';

@Module({
  controllers: [StockHttpController, OrderEventsController],
  providers: [StockService],
})
export class StockModule {}
