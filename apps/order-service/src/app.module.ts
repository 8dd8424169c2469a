import { composeServiceModule, type ServiceConfig } from '#runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { OrdersModule } from './orders/orders.module.js';
import { idempotencyKeysPerCustomer } from './orders/idempotency-keys-per-customer.migration.js';
import { createOrdersTable } from './orders/orders-table.migration.js';

/** Composition root of order-service: its orders and their tables, on every service's runtime. */
@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return composeServiceModule(AppModule, config, {
      feature: OrdersModule,
      migrations: {
        '0001-orders': createOrdersTable,
        '0002-idempotency-keys-per-customer': idempotencyKeysPerCustomer,
      },
    });
  }
}
