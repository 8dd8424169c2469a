import type { BrokerTestParts } from '../broker-parts.js';
import { KafkaBrokerAdmin } from './kafka.broker-admin.js';
import { KafkaBrokerControl } from './kafka.broker-control.js';
import { KafkaRawClient } from './kafka.raw-client.js';

export const kafkaTestBroker: BrokerTestParts = {
  rawClient: ({ kafkaBrokers }) => new KafkaRawClient(kafkaBrokers),
  control: ({ kafkaBrokers }) => new KafkaBrokerControl(kafkaBrokers),
  admin: ({ kafkaBrokers }) => new KafkaBrokerAdmin(kafkaBrokers),
};
