import { jest } from '@jest/globals';
import type { ConfirmChannel } from 'amqplib';
import type { Consumer } from 'kafkajs';
import { EventTypeServerKafka } from './kafka/kafka.server.js';
import { RawBodyServerRMQ } from './rabbitmq/rabbitmq.server.js';

// Shutdown stops consumption first; it must hold even before the first message arrived (the
// transports used to learn their consumer from a message, and stopped nothing until then).

describe('the Kafka server stops consuming', () => {
  /** A kafkajs consumer as far as the server uses it, not running yet. */
  const consumerNotRunning = () => ({
    subscribe: jest.fn(async () => undefined),
    run: jest.fn(async () => undefined),
    pause: jest.fn(() => {
      throw new Error('Consumer group was not initialized, consumer#run must be called first');
    }),
  });

  it('before its consumer runs: it is never subscribed nor started', async () => {
    const server = new EventTypeServerKafka({}, 10);
    const consumer = consumerNotRunning();
    Object.assign(server, { consumer });
    server.stopConsuming(['order.created']);
    await server.bindEvents(consumer as unknown as Consumer);
    expect(consumer.subscribe).not.toHaveBeenCalled();
    expect(consumer.run).not.toHaveBeenCalled();
  });

  it('while it runs: its topics are paused', () => {
    const server = new EventTypeServerKafka({}, 10);
    const pause = jest.fn();
    Object.assign(server, { consumer: { pause } });
    server.stopConsuming(['order.created', 'inventory.reserved']);
    expect(pause).toHaveBeenCalledWith([{ topic: 'order.created' }, { topic: 'inventory.reserved' }]);
  });
});

describe('the RabbitMQ server stops consuming', () => {
  const channel = () =>
    ({
      assertQueue: jest.fn(async () => ({ queue: 'inventory-service' })),
      assertExchange: jest.fn(async () => undefined),
      bindQueue: jest.fn(async () => undefined),
      prefetch: jest.fn(async () => undefined),
      consume: jest.fn(async () => ({ consumerTag: 'tag' })),
      cancel: jest.fn(async () => undefined),
    }) as unknown as ConfirmChannel & Record<'consume' | 'cancel', jest.Mock>;
  const server = () =>
    new RawBodyServerRMQ({ queue: 'inventory-service', exchange: 'events', wildcards: true, consumerTag: 'tag' });

  it('cancels its consumer on the channel it consumes on', async () => {
    const rmq = server();
    const consuming = channel();
    await rmq.setupChannel(consuming, () => undefined);
    expect(consuming.consume).toHaveBeenCalledTimes(1);
    await rmq.stopConsuming('tag');
    expect(consuming.cancel).toHaveBeenCalledWith('tag');
  });

  it('before any channel is set up, or after a reconnect: the new channel never consumes', async () => {
    const rmq = server();
    await rmq.stopConsuming('tag');
    const afterReconnect = channel();
    const ready = jest.fn();
    await rmq.setupChannel(afterReconnect, ready);
    expect(afterReconnect.consume).not.toHaveBeenCalled();
    expect(ready).toHaveBeenCalled();
  });
});
