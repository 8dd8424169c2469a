import type { EventEnvelope } from '#events';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EVENT_CLIENT } from './messaging.tokens.js';

/** Publishes envelopes through Nest's ClientProxy; resolves only once the broker has confirmed. */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  constructor(@Inject(EVENT_CLIENT) private readonly client: ClientProxy) {}

  async publish(envelope: EventEnvelope): Promise<void> {
    await lastValueFrom(this.client.emit(envelope.type, envelope), { defaultValue: undefined });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
