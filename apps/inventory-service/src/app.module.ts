import { PUBLICATIONS, SUBSCRIPTIONS } from '#events';
import { MessagingModule } from '#messaging';
import { PersistenceModule } from '#persistence';
import { ServiceRuntimeModule, type ServiceConfig } from '#runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { StockModule } from './stock/stock.module.js';
import { createStockTable } from './stock/stock.table.js';

/** Composition root of inventory-service. */
@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          databaseUrl: config.databaseUrl,
          settings: config.persistence,
          migrations: { '0001-stock': createStockTable },
        }),
        MessagingModule.forRoot(config.messaging, {
          publishes: [...PUBLICATIONS['inventory-service']],
          consumes: [...SUBSCRIPTIONS['inventory-service']],
        }),
        ServiceRuntimeModule.forRoot(config),
        StockModule,
      ],
    };
  }
}
