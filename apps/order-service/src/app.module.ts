import { PUBLICATIONS, SUBSCRIPTIONS } from '#events';
import { MessagingModule } from '#messaging';
import { OUTBOX_MIGRATIONS, OutboxModule } from '#outbox';
import { PersistenceModule } from '#persistence';
import { BrokerOutboxPublisher, ServiceRuntimeModule, type ServiceConfig } from '#runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { OrdersModule } from './orders/orders.module.js';
import { idempotencyKeysPerCustomer } from './orders/idempotency-keys.table.js';
import { createOrdersTable } from './orders/orders.table.js';

/** Composition root of order-service. */
@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          databaseUrl: config.databaseUrl,
          migrations: {
            ...OUTBOX_MIGRATIONS,
            '0001-orders': createOrdersTable,
            '0002-idempotency-keys-per-customer': idempotencyKeysPerCustomer,
          },
        }),
        OutboxModule.forRoot({ publisher: BrokerOutboxPublisher, settings: config.persistence }),
        MessagingModule.forRoot(config.messaging, {
          publishes: [...PUBLICATIONS['order-service']],
          consumes: [...SUBSCRIPTIONS['order-service']],
        }),
        ServiceRuntimeModule.forRoot(config),
        OrdersModule,
      ],
    };
  }
}
