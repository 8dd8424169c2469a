import { MessagingModule, type MessagingConfig } from '#messaging';
import { OUTBOX_MIGRATIONS, OutboxModule } from '#outbox';
import { PersistenceModule } from '#persistence';
import { BrokerOutboxPublisher } from '#runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { BENCH_EVENT_TYPE } from '../bench-event.js';
import { BenchPingController } from './bench-ping.controller.js';
import { HANDLED_EVENTS, HandledEvents } from './handled-events.js';

/** The libraries composed exactly as a service composes them, publishing and consuming the bench event. */
@Module({})
export class MessagingPathModule {
  static register(messaging: MessagingConfig, databaseUrl: string, handled: HandledEvents): DynamicModule {
    return {
      module: MessagingPathModule,
      imports: [
        PersistenceModule.forRoot({ databaseUrl, migrations: OUTBOX_MIGRATIONS }),
        OutboxModule.forRoot({ publisher: BrokerOutboxPublisher }),
        MessagingModule.forRoot(messaging, { publishes: [BENCH_EVENT_TYPE], consumes: [BENCH_EVENT_TYPE] }),
      ],
      controllers: [BenchPingController],
      providers: [{ provide: HANDLED_EVENTS, useValue: handled }],
    };
  }
}

export { HandledEvents };
