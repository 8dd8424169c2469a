import type { BrokerTransport, EventTraffic } from '../broker-transport.js';
import type { MessagingConfig } from '../messaging.config.js';
import { KafkaTransport } from './kafka.transport.js';
import { RabbitmqTransport } from './rabbitmq.transport.js';
import { SqsTransport } from './sqs.transport.js';

/** The one place that knows which brokers exist. */
export function createBrokerTransport(config: MessagingConfig, traffic: EventTraffic): BrokerTransport {
  switch (config.broker) {
    case 'kafka':
      return new KafkaTransport(config, traffic);
    case 'rabbitmq':
      return new RabbitmqTransport(config, traffic);
    case 'sqs':
      return new SqsTransport(config, traffic);
  }
}
