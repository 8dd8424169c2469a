import { RmqContext, ServerRMQ } from '@nestjs/microservices';
import type { ConfirmChannel, Message } from 'amqplib';

/**
 * Nest's RabbitMQ server, except that the deserializer receives the body as the bytes delivered:
 * ServerRMQ JSON-parses the body before its deserializer runs (parseMessageContent), too late to
 * refuse an oversized body unparsed or to see a repeated key. Connection, channel, queue, bindings,
 * prefetch and acknowledgement stay Nest's. This service only consumes events (no request/reply),
 * so every message goes to handleEvent.
 */
export class RawBodyServerRMQ extends ServerRMQ {
  /** The channel consuming now (a new one after each reconnect): where stopConsuming() cancels. */
  private consumingChannel: ConfirmChannel | null = null;
  private stopped = false;

  override async handleMessage(received: Record<string, unknown> | null, channel: unknown): Promise<void> {
    if (!received) return this.consumeAgain(channel as ConfirmChannel);
    const message = received as unknown as Message;
    const packet = await this.deserializer.deserialize(message.content, message.properties);
    const pattern = this.getPatternAsString(packet.pattern);
    return this.handleEvent(pattern, packet, new RmqContext([message, channel, pattern]));
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
