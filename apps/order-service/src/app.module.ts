import { PUBLICATIONS, SUBSCRIPTIONS } from '#events';
import { MessagingModule } from '#messaging';
import { PersistenceModule } from '#persistence';
import { ServiceRuntimeModule, type ServiceConfig } from '#runtime';
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
          settings: config.persistence,
          migrations: {
            '0001-orders': createOrdersTable,
            '0002-idempotency-keys-per-customer': idempotencyKeysPerCustomer,
          },
        }),
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
