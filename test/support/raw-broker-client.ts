import type { EventEnvelope } from '#events';
import { waitFor } from './poll.js';

/** A message as a plain broker client in any language would see it. */
export interface RawMessage {
  /** Kafka topic or RabbitMQ routing key. */
  destination: string;
  /** Kafka message key (RabbitMQ has none). */
  key?: string;
  headers: Record<string, string>;
  contentType?: string;
  /** RabbitMQ delivery mode: 2 = persistent. */
  persistent?: boolean;
  body: Buffer;
}

/** Records every message on some destinations from the moment it was created. */
export class MessageSpy {
  readonly messages: RawMessage[] = [];

  constructor(private readonly onClose: () => Promise<void>) {}

  record(message: RawMessage): void {
    this.messages.push(message);
  }

  envelopes(type?: string): EventEnvelope[] {
    return this.messages
      .filter((message) => !type || message.destination === type)
      .flatMap((message) => {
        try {
          return [JSON.parse(message.body.toString()) as EventEnvelope];
        } catch {
          return [];
        }
      });
  }

  async waitForMessage(description: string, match: (message: RawMessage) => boolean, timeoutMs = 20_000) {
    return waitFor(description, () => this.messages.find(match), { timeoutMs });
  }

  async waitForEvent(type: string, match: (envelope: EventEnvelope) => boolean, timeoutMs = 20_000) {
    return waitFor(`a ${type} event`, () => this.envelopes(type).find(match), { timeoutMs });
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/** What a service in another language would do with a plain Kafka or AMQP client. */
export interface RawBrokerClient {
  publish(type: string, key: string, body: Buffer | string, headers?: Record<string, string>): Promise<void>;
  spy(destinations: string[]): Promise<MessageSpy>;
  close(): Promise<void>;
}
