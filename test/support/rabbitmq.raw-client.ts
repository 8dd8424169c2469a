import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { MessageSpy, type RawBrokerClient } from './raw-broker-client.js';

const EXCHANGE = 'events';

export class RabbitmqRawClient implements RawBrokerClient {
  private connection: ChannelModel | null = null;
  private channel: ConfirmChannel | null = null;

  constructor(private readonly url = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672') {}

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
