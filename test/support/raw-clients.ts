import type { BrokerName } from '#messaging';
import { KafkaRawClient } from './kafka.raw-client.js';
import type { RawBrokerClient } from './raw-broker-client.js';
import { RabbitmqRawClient } from './rabbitmq.raw-client.js';

export function rawClientFor(broker: BrokerName): RawBrokerClient {
  return broker === 'kafka' ? new KafkaRawClient() : new RabbitmqRawClient();
}

/** Brokers the e2e suites run on: all by default, or E2E_BROKERS=kafka to narrow a local run. */
export const BROKERS_UNDER_TEST = (process.env.E2E_BROKERS ?? 'kafka,rabbitmq').split(',') as BrokerName[];
