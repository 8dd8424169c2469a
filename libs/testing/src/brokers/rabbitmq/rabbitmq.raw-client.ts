import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { ConsumingService } from '#events';
import { EVENTS_EXCHANGE as EXCHANGE } from '#messaging/operator';
import {
  chunksOf,
  DEAD_LETTER_CHUNK_BYTES,
  MessageSpy,
  type RawBrokerClient,
  type RawDeadLetterMessage,
} from '../raw-broker-client.js';

export class RabbitmqRawClient implements RawBrokerClient {
  private connection: ChannelModel | null = null;
  private channel: ConfirmChannel | null = null;

  constructor(private readonly url: string) {}

  private async open(): Promise<ConfirmChannel> {
    if (!this.channel) {
      this.connection = await amqp.connect(this.url);
      this.channel = await this.connection.createConfirmChannel();
    }
    return this.channel;
  }

  async publish(routingKey: string, _key: string, body: Buffer | string, headers: Record<string, string> = {}) {
    const channel = await this.open();
    await new Promise<void>((resolve, reject) =>
      channel.publish(
        EXCHANGE,
        routingKey,
        Buffer.from(body),
        { persistent: true, contentType: 'application/cloudevents+json', headers },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }

  /** Into `<service>.dlq` through the default exchange, persistent and confirmed, as the transport parks them. */
  async writeDeadLetters(service: ConsumingService, letters: Iterable<RawDeadLetterMessage>): Promise<void> {
    const channel = await this.open();
    await channel.assertQueue(`${service}.dlq`, { durable: true });
    for (const chunk of chunksOf(letters, DEAD_LETTER_CHUNK_BYTES * 10)) {
      for (const { body, headers, key } of chunk) {
        channel.publish('', `${service}.dlq`, Buffer.from(body), {
          persistent: true,
          contentType: 'application/cloudevents+json',
          messageId: key,
          headers,
        });
      }
      await channel.waitForConfirms();
    }
  }

  /** A private, self-deleting queue bound to the routing keys: it sees copies, the services lose nothing. */
  async spy(routingKeys: string[]): Promise<MessageSpy> {
    const connection = await amqp.connect(this.url);
    const channel = await connection.createChannel();
    await channel.checkExchange(EXCHANGE);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const key of routingKeys) await channel.bindQueue(queue, EXCHANGE, key);
    const spy = new MessageSpy(() => connection.close());
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        spy.record({
          destination: message.fields.routingKey,
          headers: Object.fromEntries(Object.entries(message.properties.headers ?? {}).map(([k, v]) => [k, String(v)])),
          contentType: message.properties.contentType,
          persistent: message.properties.deliveryMode === 2,
          body: message.content,
        });
      },
      { noAck: true },
    );
    return spy;
  }

  async close(): Promise<void> {
    await this.connection?.close();
  }
}
