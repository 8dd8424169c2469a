import {
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { DEFAULT_OUTBOX_SETTINGS, type OutboxSettings } from './outbox.config.js';
import type { OutboxPublisher } from './outbox-publisher.js';
import { OutboxMetrics } from './outbox.metrics.js';
import { OutboxRelay } from './outbox-relay.js';
import { OUTBOX_DELIVERY_SETTINGS, OUTBOX_PUBLISHER, RETENTION_SETTINGS } from './outbox.tokens.js';
import { RetentionPruner } from './retention-pruner.js';
import { UnitOfWork } from './unit-of-work.js';

export interface OutboxOptions {
  /** How the relay reaches the broker: the composition's implementation of the port. */
  publisher: Type<OutboxPublisher>;
  /** Outbox delivery and retention (loadOutboxSettings); the defaults when omitted. */
  settings?: OutboxSettings;
}

/**
 * The unit of work use cases run their changes in, the relay that publishes what they committed and
 * the pruner of old inbox and outbox rows, on the database of PersistenceModule (whose migrations
 * must include OUTBOX_MIGRATIONS).
 */
@Module({})
export class OutboxModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly pruner: RetentionPruner,
  ) {}

  static forRoot(options: OutboxOptions): DynamicModule {
    const settings = options.settings ?? DEFAULT_OUTBOX_SETTINGS;
    return {
      module: OutboxModule,
      global: true,
      providers: [
        { provide: OUTBOX_PUBLISHER, useClass: options.publisher },
        { provide: OUTBOX_DELIVERY_SETTINGS, useValue: settings.delivery },
        { provide: RETENTION_SETTINGS, useValue: settings.retention },
        OutboxRelay,
        RetentionPruner,
        UnitOfWork,
        OutboxMetrics,
      ],
      exports: [OutboxRelay, UnitOfWork],
    };
  }

  /** Before any database closes, whichever module closes it: pruning has no use during a shutdown. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.pruner.stop();
  }

  /**
   * The shutdown sequence (libs/runtime) normally stopped the relay earlier, once the handlers in
   * flight had finished; this stops it where there is no such sequence. Stopping twice is harmless.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
