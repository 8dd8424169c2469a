import type { BrokerParts } from '../broker-parts.js';
import { KafkaDeadLetters } from './kafka.dead-letters.js';
import { KafkaTransport } from './kafka.transport.js';

export const kafkaBroker: BrokerParts = {
  createTransport: (config, traffic) => new KafkaTransport(config, traffic),
  openDeadLetters: (config, consumedTypes) => new KafkaDeadLetters(config, consumedTypes),
};
