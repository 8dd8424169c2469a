import amqp, { type GetMessage } from 'amqplib';
import type { MessagingConfig } from '../messaging.config.js';
import { deadLetterQueue, EVENTS_EXCHANGE } from '../transports/rabbitmq.transport.js';
import { describeDeadLetter, replayMatching, type DeadLetter, type DeadLetterStore } from './dead-letter.js';

/**
 * A service's dead letters are its `<service>.dlq` queue. Listing takes every message without
 * acknowledging it and then gives them all back, so the queue is left as it was.
 */
export class RabbitmqDeadLetters implements DeadLetterStore {
  private readonly queue: string;

  constructor(private readonly config: MessagingConfig) {
    this.queue = deadLetterQueue(config.serviceName);
  }

  async list(): Promise<DeadLetter[]> {
    return this.visit(() => 'keep');
  }

  async replay(ids: string[]): Promise<number> {
    return replayMatching((decide) => this.visit(decide), ids);
  }

  async close(): Promise<void> {}

  private async visit(decide: (letter: DeadLetter) => 'keep' | 'replay'): Promise<DeadLetter[]> {
    const connection = await amqp.connect(this.config.rabbitmqUrl);
    try {
      const channel = await connection.createConfirmChannel();
      const { messageCount } = await channel.checkQueue(this.queue);
      const letters: DeadLetter[] = [];
      for (let index = 0; index < messageCount; index += 1) {
        const message = await channel.get(this.queue, { noAck: false });
        if (!message) break;
        const letter = describeDeadLetter(
          `${this.queue}#${message.properties.messageId ?? index}`,
          message.content,
          message.properties.headers ?? {},
          brokerRejectedFrom(message),
        );
        letters.push(letter);
        if (decide(letter) === 'replay') {
          const headers = Object.fromEntries(
            Object.entries(message.properties.headers ?? {}).filter(
              ([name]) =>
                !name.startsWith('x-dead-letter-') &&
                !name.startsWith('x-death') &&
                !name.startsWith('x-first-death') &&
                !name.startsWith('x-last-death'),
            ),
          );
          channel.publish(EVENTS_EXCHANGE, letter.origin, message.content, {
            ...message.properties,
            headers: { ...headers, 'x-replayed-from': letter.locator },
          });
          await channel.waitForConfirms();
          channel.ack(message);
        }
      }
      // Closing without acknowledging gives every kept message back to the queue.
      await channel.close();
      return letters;
    } finally {
      await connection.close();
    }
  }
}

/** A message RabbitMQ dead-lettered itself (e.g. rejected) records its routing key in x-death. */
function brokerRejectedFrom(message: GetMessage): string {
  const deaths = message.properties.headers?.['x-death'] as Array<{ 'routing-keys'?: string[] }> | undefined;
  return deaths?.[0]?.['routing-keys']?.[0] ?? message.fields.routingKey;
}
