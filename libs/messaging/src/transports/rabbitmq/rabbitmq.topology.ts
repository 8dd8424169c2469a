import type { Channel } from 'amqplib';
import type { EventTraffic } from '../../broker-transport.js';
import type { RabbitmqQueueType } from '../../messaging.config.js';
import {
  deadLetterQueue,
  keepingQueueArguments,
  EVENTS_EXCHANGE,
  EXCHANGE_ARGUMENTS,
  queueArguments,
  serviceQueue,
  UNROUTED_EXCHANGE,
} from './rabbitmq.names.js';

/**
 * Declares (idempotently) the exchanges, the service's dead-letter queue and, for a consumer, its
 * queue bound to each consumed type: declared here too, so events published before the consumer
 * first starts are kept.
 */
export async function declareTopology(
  channel: Channel,
  service: string,
  traffic: EventTraffic,
  queueType: RabbitmqQueueType,
): Promise<void> {
  const durable = { durable: true, arguments: keepingQueueArguments(queueType) };
  await channel.assertExchange(UNROUTED_EXCHANGE, 'fanout', { durable: true });
  await channel.assertQueue(UNROUTED_EXCHANGE, durable);
  await channel.bindQueue(UNROUTED_EXCHANGE, UNROUTED_EXCHANGE, '');
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true, arguments: EXCHANGE_ARGUMENTS });
  await channel.assertQueue(deadLetterQueue(service), durable);
  if (traffic.consumes.length === 0) return;
  const queue = serviceQueue(service);
  await channel.assertQueue(queue, { durable: true, arguments: queueArguments(service, queueType) });
  for (const type of traffic.consumes) await channel.bindQueue(queue, EVENTS_EXCHANGE, type);
}
