import { PUBLICATIONS, SUBSCRIPTIONS, type ConsumingService } from '#events';
import { MessagingModule } from '#messaging';
import { OUTBOX_MIGRATIONS, OutboxModule } from '#outbox';
import { PersistenceModule, type PersistenceOptions } from '#persistence';
import type { DynamicModule, Type } from '@nestjs/common';
import type { ServiceConfig } from './service.config.js';
import { BrokerOutboxPublisher } from './broker-outbox-publisher.js';
import { ServiceRuntimeModule } from './service-runtime.module.js';

/** What one service adds to what every service has. */
export interface ServiceParts {
  /** The service's domain: its controllers, use cases and tables' repositories. */
  feature: Type<unknown>;
  /** Its own tables (PersistenceOptions.migrations), created next to the outbox and inbox. */
  migrations: PersistenceOptions['migrations'];
}

/**
 * A service's composition root: its database with the outbox and inbox, its broker publishing and
 * consuming what libs/events declares under the service's name (PUBLICATIONS, SUBSCRIPTIONS), health
 * and shutdown, then its feature.
 */
export function composeServiceModule(root: Type<unknown>, config: ServiceConfig, parts: ServiceParts): DynamicModule {
  const service = config.serviceName;
  if (!isDeclaredService(service)) {
    throw new Error(
      `${service} publishes and consumes nothing: declare it in libs/events (PUBLICATIONS, SUBSCRIPTIONS)`,
    );
  }
  return {
    module: root,
    imports: [
      PersistenceModule.forRoot({
        databaseUrl: config.databaseUrl,
        migrations: { ...OUTBOX_MIGRATIONS, ...parts.migrations },
        poolSize: databasePoolSize(config),
      }),
      OutboxModule.forRoot({ publisher: BrokerOutboxPublisher, settings: config.outbox }),
      MessagingModule.forRoot(config.messaging, {
        publishes: [...PUBLICATIONS[service]],
        consumes: [...SUBSCRIPTIONS[service]],
      }),
      ServiceRuntimeModule.forRoot(config),
      parts.feature,
    ],
  };
}

/**
 * A connection for every message the consumer may handle at once, plus some for the outbox relay, the
 * pruner, readiness and HTTP requests: handlers that wait (a row locked elsewhere) must never hold every
 * connection, or the relay could not publish what the others committed and the whole service would stall.
 */
function databasePoolSize(config: ServiceConfig): number {
  return config.messaging.prefetch + POOL_CONNECTIONS_BESIDES_HANDLERS;
}
const POOL_CONNECTIONS_BESIDES_HANDLERS = 4;

function isDeclaredService(name: string): name is ConsumingService {
  return Object.hasOwn(PUBLICATIONS, name) && Object.hasOwn(SUBSCRIPTIONS, name);
}
