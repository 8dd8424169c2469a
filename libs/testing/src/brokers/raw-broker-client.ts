import type { ConsumingService, EventEnvelope } from '#events';
import { waitFor } from '../poll.js';

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

/** A dead letter as the transports write it: the consumed message's body and key plus the x-dead-letter-* headers. */
export interface RawDeadLetterMessage {
  body: Buffer | string;
  headers: Record<string, string>;
  /** Kafka message key, RabbitMQ message id. */
  key: string;
}

/** Sends dead letters in chunks of at most this many bytes (a single larger letter goes alone). */
export const DEAD_LETTER_CHUNK_BYTES = 200 * 1024;

/** Groups letters into chunks of at most `maxBytes` and `maxCount` (a larger letter makes a chunk of its own). */
export function* chunksOf<T extends { body: Buffer | string }>(letters: Iterable<T>, maxBytes: number, maxCount = 500) {
  let chunk: T[] = [];
  let bytes = 0;
  for (const letter of letters) {
    const size = Buffer.byteLength(letter.body);
    if (chunk.length > 0 && (bytes + size > maxBytes || chunk.length >= maxCount)) {
      yield chunk;
      [chunk, bytes] = [[], 0];
    }
    chunk.push(letter);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

/** What a service in another language would do with a plain Kafka or AMQP client. */
export interface RawBrokerClient {
  publish(type: string, key: string, body: Buffer | string, headers?: Record<string, string>): Promise<void>;
  /** Writes straight into a consuming service's dead-letter destination, as its transport would. */
  writeDeadLetters(service: ConsumingService, letters: Iterable<RawDeadLetterMessage>): Promise<void>;
  spy(destinations: string[]): Promise<MessageSpy>;
  close(): Promise<void>;
}
