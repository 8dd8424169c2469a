import { PUBLICATIONS, SUBSCRIPTIONS } from '#events';
import { MessagingModule } from '#messaging';
import { OUTBOX_MIGRATIONS, OutboxModule } from '#outbox';
import { PersistenceModule } from '#persistence';
import { BrokerOutboxPublisher, ServiceRuntimeModule, type ServiceConfig } from '#runtime';
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
          migrations: { ...OUTBOX_MIGRATIONS, '0001-stock': createStockTable },
        }),
        OutboxModule.forRoot({ publisher: BrokerOutboxPublisher, settings: config.persistence }),
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
