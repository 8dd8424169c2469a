import type { EventEnvelope } from '#events';
import { BrokerHealthIndicator, EventPublisher, isPublishRefused } from '#messaging';
import type { OutboxPublisher } from '#outbox';
import { Injectable } from '@nestjs/common';

/** The outbox relay's port bound to the service's broker: libs/messaging's publisher and broker health. */
@Injectable()
export class BrokerOutboxPublisher implements OutboxPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly broker: BrokerHealthIndicator,
  ) {}

  publish(envelope: EventEnvelope): Promise<void> {
    return this.publisher.publish(envelope);
  }

  reachable(): Promise<boolean> {
    return this.broker.reachable();
  }

  refusedForGood(error: unknown): boolean {
    return isPublishRefused(error);
  }
}
