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
      }),
      OutboxModule.forRoot({ publisher: BrokerOutboxPublisher, settings: config.persistence }),
      MessagingModule.forRoot(config.messaging, {
        publishes: [...PUBLICATIONS[service]],
        consumes: [...SUBSCRIPTIONS[service]],
      }),
      ServiceRuntimeModule.forRoot(config),
      parts.feature,
    ],
  };
}

function isDeclaredService(name: string): name is ConsumingService {
  return Object.hasOwn(PUBLICATIONS, name) && Object.hasOwn(SUBSCRIPTIONS, name);
}
