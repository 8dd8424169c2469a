import type { EventEnvelope } from '#events';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { EventTraffic } from './broker-transport.js';
import { MessagingMetrics } from './messaging.metrics.js';
import { PublishRefused } from './publish-refused.js';
import { EVENT_CLIENT, EVENT_TRAFFIC } from './messaging.tokens.js';

/**
 * Publishes envelopes through Nest's ClientProxy; resolves only once the broker has confirmed.
 * Only the types the service declared (and whose topology was created) go out: any other is refused
 * at once, instead of waiting on a Kafka topic that does not exist or vanishing into RabbitMQ's
 * unrouted exchange.
 */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  private readonly declared: ReadonlySet<string>;

  constructor(
    @Inject(EVENT_CLIENT) private readonly client: ClientProxy,
    @Inject(EVENT_TRAFFIC) traffic: EventTraffic,
    private readonly metrics: MessagingMetrics,
  ) {
    this.declared = new Set(traffic.publishes);
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    if (!this.declared.has(envelope.type)) {
      throw new PublishRefused(
        `event type "${String(envelope.type).slice(0, 128)}" is not among the types this service publishes`,
      );
    }
    await lastValueFrom(this.client.emit(envelope.type, envelope), { defaultValue: undefined });
    this.metrics.published(envelope.type);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
