import type { MessagingConfig } from '../messaging.config.js';
import type { DeadLetterStore } from './dead-letter.js';
import { KafkaDeadLetters } from './kafka.dead-letters.js';
import { RabbitmqDeadLetters } from './rabbitmq.dead-letters.js';
import { SqsDeadLetters } from './sqs.dead-letters.js';

export function openDeadLetterStore(config: MessagingConfig, consumedTypes: readonly string[]): DeadLetterStore {
  switch (config.broker) {
    case 'kafka':
      return new KafkaDeadLetters(config, consumedTypes);
    case 'rabbitmq':
      return new RabbitmqDeadLetters(config);
    case 'sqs':
      return new SqsDeadLetters(config, consumedTypes);
  }
}
