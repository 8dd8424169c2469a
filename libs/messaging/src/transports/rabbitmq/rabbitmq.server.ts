import { RmqContext, ServerRMQ } from '@nestjs/microservices';
import type { ConfirmChannel, Message } from 'amqplib';
import { ChannelAcknowledgements } from './rabbitmq.acknowledgements.js';

/**
 * Nest's RabbitMQ server, except that the deserializer receives the body as the bytes delivered:
 * ServerRMQ JSON-parses the body before its deserializer runs (parseMessageContent), too late to
 * refuse an oversized body unparsed or to see a repeated key. Connection, channel, queue, bindings,
 * prefetch stay Nest's; acknowledgements are sent together (ChannelAcknowledgements). This service only
 * consumes events (no request/reply), so every message goes to handleEvent.
 */
export class RawBodyServerRMQ extends ServerRMQ {
  /** The channel consuming now (a new one after each reconnect): where stopConsuming() cancels. */
  private consumingChannel: ConfirmChannel | null = null;
  private stopped = false;
  private readonly acknowledgements = new WeakMap<ConfirmChannel, ChannelAcknowledgements>();

  override async handleMessage(received: Record<string, unknown> | null, channel: unknown): Promise<void> {
    if (!received) return this.consumeAgain(channel as ConfirmChannel);
    const message = received as unknown as Message;
    this.acknowledgementsOf(channel as ConfirmChannel).received(message);
    const packet = await this.deserializer.deserialize(message.content, message.properties);
    const pattern = this.getPatternAsString(packet.pattern);
    return this.handleEvent(pattern, packet, new RmqContext([message, channel, pattern]));
  }

  /** Where a delivery of `channel` is acknowledged; the channels of earlier connections keep theirs. */
  acknowledgementsOf(channel: ConfirmChannel): ChannelAcknowledgements {
    let acknowledgements = this.acknowledgements.get(channel);
    if (!acknowledgements) {
      acknowledgements = new ChannelAcknowledgements(channel, (error, deliveries) =>
        this.logger.warn(
          `could not acknowledge ${deliveries} deliveries (${(error as Error).message}); RabbitMQ delivers them again`,
        ),
      );
      this.acknowledgements.set(channel, acknowledgements);
    }
    return acknowledgements;
  }

  /** What the handlers acknowledged goes out before the channel closes. */
  override async close(): Promise<void> {
    if (this.consumingChannel) this.acknowledgements.get(this.consumingChannel)?.flush();
    await super.close();
  }

  /** Patterns are event types, plain names: Nest would try each as JSON first, throwing per message. */
  protected override getRouteFromPattern(pattern: string): string {
    return pattern;
  }

  override async setupChannel(channel: ConfirmChannel, callback: () => void): Promise<void> {
    if (this.stopped) return callback();
    this.consumingChannel = channel;
    await super.setupChannel(channel, callback);
  }

  /**
   * The broker cancelled the consumer (amqplib hands it a null message): its queue was deleted. The
   * channel stays open, so no reconnect would ever start consuming again; declare the queue and its
   * bindings anew and consume from it.
   */
  private async consumeAgain(channel: ConfirmChannel): Promise<void> {
    if (this.stopped) return;
    this.logger.warn(`RabbitMQ cancelled the consumer of queue ${this.queue}; declaring it again and consuming`);
    await this.setupChannel(channel, () => undefined);
  }

  /**
   * Takes no more messages (shutdown), on this channel and on any after a reconnect. Unacknowledged
   * messages stay with the channel until their handlers finish and ack them.
   */
  async stopConsuming(consumerTag: string): Promise<void> {
    this.stopped = true;
    await this.consumingChannel?.cancel(consumerTag).catch(() => undefined);
  }
}
