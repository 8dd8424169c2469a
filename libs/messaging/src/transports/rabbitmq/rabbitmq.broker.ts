import type { BrokerParts } from '../broker-parts.js';
import { RabbitmqDeadLetters } from './rabbitmq.dead-letters.js';
import { RabbitmqTransport } from './rabbitmq.transport.js';

export const rabbitmqBroker: BrokerParts = {
  createTransport: (config, traffic) => new RabbitmqTransport(config, traffic),
  openDeadLetters: (config) => new RabbitmqDeadLetters(config),
};
