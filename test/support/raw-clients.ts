import type { BrokerName } from '#messaging';
import { KafkaRawClient } from './kafka.raw-client.js';
import type { RawBrokerClient } from './raw-broker-client.js';
import { RabbitmqRawClient } from './rabbitmq.raw-client.js';
import { SqsRawClient } from './sqs.raw-client.js';

export function rawClientFor(broker: BrokerName): RawBrokerClient {
  switch (broker) {
    case 'kafka':
      return new KafkaRawClient();
    case 'rabbitmq':
      return new RabbitmqRawClient();
    case 'sqs':
      return new SqsRawClient();
  }
}

/** Brokers the e2e suites run on: all by default, or E2E_BROKERS=kafka to narrow a local run. */
export const BROKERS_UNDER_TEST = (process.env.E2E_BROKERS ?? 'kafka,rabbitmq,sqs').split(',') as BrokerName[];
