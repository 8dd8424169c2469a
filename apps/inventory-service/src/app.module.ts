import { composeServiceModule, type ServiceConfig } from '#runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { StockModule } from './stock/stock.module.js';
import { createStockTable } from './stock/stock-table.migration.js';

/** Composition root of inventory-service: its stock and its table, on every service's runtime. */
@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return composeServiceModule(AppModule, config, {
      feature: StockModule,
      migrations: { '0001-stock': createStockTable },
    });
  }
}
