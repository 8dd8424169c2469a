import type { BrokerTransport, EventTraffic } from '../broker-transport.js';
import { storeOver, type DeadLetterStore } from '../dead-letters/dead-letter-store.js';
import type { BrokerName, MessagingConfig } from '../messaging.config.js';
import type { BrokerParts } from './broker-parts.js';
import { kafkaBroker } from './kafka/kafka.broker.js';
import { rabbitmqBroker } from './rabbitmq/rabbitmq.broker.js';
import { sqsBroker } from './sqs/sqs.broker.js';

/** The one place that knows which brokers exist: a broker is its folder plus one line here. */
const BROKER_PARTS: Record<BrokerName, BrokerParts> = {
  kafka: kafkaBroker,
  rabbitmq: rabbitmqBroker,
  sqs: sqsBroker,
};

export function createBrokerTransport(config: MessagingConfig, traffic: EventTraffic): BrokerTransport {
  return BROKER_PARTS[config.broker].createTransport(config, traffic);
}

/** The dead letters of the service `config` names, on its broker; `consumedTypes` are the types it consumes. */
export function openDeadLetterStore(config: MessagingConfig, consumedTypes: readonly string[]): DeadLetterStore {
  return storeOver(BROKER_PARTS[config.broker].openDeadLetters(config, consumedTypes));
}
