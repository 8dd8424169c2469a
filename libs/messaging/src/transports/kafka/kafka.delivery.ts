import type { KafkaContext } from '@nestjs/microservices';
import type { Delivery } from '../../broker-transport.js';
import type { DeliveryFailure } from '../../delivery-failure.js';
import { deadLetterHeaders } from '../dead-letter-headers.js';
import { deadLetterTopic } from './kafka.names.js';

/**
 * Settles one Kafka record. kafkajs commits the offset once the handler's promise resolved, so
 * acknowledging is nothing to do, and a handler error that reaches kafkajs leaves the offset
 * uncommitted: the record comes again. Dead-lettering copies the record to `<topic>.dlt`.
 */
export class KafkaDelivery implements Delivery {
  constructor(
    private readonly context: KafkaContext,
    private readonly consumer: string,
  ) {}

  acknowledge(): void {}

  release(): void {}

  heartbeat(): Promise<void> {
    return this.context.getHeartbeat()();
  }

  async deadLetter(failure: DeliveryFailure): Promise<void> {
    const message = this.context.getMessage();
    const topic = this.context.getTopic();
    await this.context.getProducer().send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key: asBytes(message.key),
          value: message.value,
          headers: {
            ...Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, asBytes(value)])),
            ...deadLetterHeaders(failure, { destination: topic, consumer: this.consumer }),
            'x-dead-letter-partition': String(this.context.getPartition()),
            'x-dead-letter-offset': message.offset,
          },
        },
      ],
    });
  }
}

/** Nest's parser turns JSON-looking keys and headers into objects; Kafka wants them back as bytes. */
function asBytes(value: unknown): Buffer | string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}
