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

/** Rejected messages (e.g. a type nobody handles) fall through to the service's dead-letter queue. */
export const queueArguments = (service: string) => ({
  'x-dead-letter-exchange': '',
  'x-dead-letter-routing-key': deadLetterQueue(service),
});
