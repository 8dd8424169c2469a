import type { RabbitmqQueueType } from '../../messaging.config.js';

/** Every event goes to one durable topic exchange, routed by its type (see CONTRACT.md). */
export const EVENTS_EXCHANGE = 'events';

/** Events that matched no queue are kept here instead of being dropped by the exchange. */
export const UNROUTED_EXCHANGE = 'events.unrouted';

/** One durable queue per consuming service, named after it. */
export const serviceQueue = (service: string) => service;

/** The service's dead letters. */
export const deadLetterQueue = (service: string) => `${service}.dlq`;

/** Every declarer of the exchange must pass the same arguments, or RabbitMQ refuses the second. */
export const EXCHANGE_ARGUMENTS = { 'alternate-exchange': UNROUTED_EXCHANGE };

/**
 * Redeliveries after which a quorum queue dead-letters a message itself: the backstop for a message
 * that kills its consumer before the delivery policy (MESSAGING_MAX_ATTEMPTS) can settle it. Shutdowns
 * and lost connections give messages back too, so it is well above that policy's attempts.
 */
export const QUORUM_DELIVERY_LIMIT = 20;

/**
 * The delivery limit of a quorum queue that keeps what it holds (dead letters, unrouted events): one no
 * message reaches. Left unset, RabbitMQ 4 applies 20 and drops a message past it, and before 4.3 every
 * give-back counted, such as the dead-letter tool's after a listing. 4.x reads -1 as no limit; 3.x refuses -1.
 */
export const KEEPING_QUEUE_DELIVERY_LIMIT = 2 ** 31 - 1;

/** What every queue that keeps messages is declared with: its type (RABBITMQ_QUEUE_TYPE). */
export const keepingQueueArguments = (queueType: RabbitmqQueueType) =>
  queueType === 'quorum' ? { 'x-queue-type': 'quorum', 'x-delivery-limit': KEEPING_QUEUE_DELIVERY_LIMIT } : {};

/**
 * The service's queue: rejected messages (e.g. a type nobody handles) fall through to its dead-letter
 * queue, and so do, on a quorum queue, messages redelivered QUORUM_DELIVERY_LIMIT times.
 */
export const queueArguments = (service: string, queueType: RabbitmqQueueType) => ({
  ...keepingQueueArguments(queueType),
  ...(queueType === 'quorum' ? { 'x-delivery-limit': QUORUM_DELIVERY_LIMIT } : {}),
  'x-dead-letter-exchange': '',
  'x-dead-letter-routing-key': deadLetterQueue(service),
});
