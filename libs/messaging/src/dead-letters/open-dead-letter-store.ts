import type { MessagingConfig } from '../messaging.config.js';
import { storeOver, type DeadLetterStore } from './dead-letter-store.js';
import { KafkaDeadLetters } from './kafka.dead-letters.js';
import { RabbitmqDeadLetters } from './rabbitmq.dead-letters.js';
import { SqsDeadLetters } from './sqs.dead-letters.js';

/** The dead letters of the service `config` names, on its broker; `consumedTypes` are the types it consumes. */
export function openDeadLetterStore(config: MessagingConfig, consumedTypes: readonly string[]): DeadLetterStore {
  switch (config.broker) {
    case 'kafka':
      return storeOver(new KafkaDeadLetters(config, consumedTypes));
    case 'rabbitmq':
      return storeOver(new RabbitmqDeadLetters(config));
    case 'sqs':
      return storeOver(new SqsDeadLetters(config, consumedTypes));
  }
}
