import type { BrokerParts } from '../broker-parts.js';
import { SqsDeadLetters } from './sqs.dead-letters.js';
import { SqsTransport } from './sqs.transport.js';

export const sqsBroker: BrokerParts = {
  createTransport: (config, traffic) => new SqsTransport(config, traffic),
  openDeadLetters: (config, consumedTypes) => new SqsDeadLetters(config, consumedTypes),
};
