import type { ConsumingService } from '#events';
import { loadBrokerConnections, type BrokerName } from '#messaging';
import { waitFor } from '../poll.js';
import type { BrokerAdmin } from './broker-admin.js';
import type { BrokerControl } from './broker-control.js';
import type { BrokerTestParts } from './broker-parts.js';
import { kafkaTestBroker } from './kafka/kafka.broker.js';
import { rabbitmqTestBroker } from './rabbitmq/rabbitmq.broker.js';
import type { RawBrokerClient } from './raw-broker-client.js';
import { sqsTestBroker } from './sqs/sqs.broker.js';

/** The one place test support knows which brokers exist: a broker is its folder plus one line here. */
const BROKER_PARTS: Record<BrokerName, BrokerTestParts> = {
  kafka: kafkaTestBroker,
  rabbitmq: rabbitmqTestBroker,
  sqs: sqsTestBroker,
};

/** Where each broker is, read from the environment exactly as the services read it. */
const connections = () => loadBrokerConnections(process.env);

export function rawClientFor(broker: BrokerName): RawBrokerClient {
  return BROKER_PARTS[broker].rawClient(connections());
}

export function brokerControlFor(broker: BrokerName): BrokerControl {
  return BROKER_PARTS[broker].control(connections());
}

export function brokerAdminFor(broker: BrokerName): BrokerAdmin {
  return BROKER_PARTS[broker].admin(connections());
}

/**
 * Waits until a service has consumed everything on its subscriptions (BrokerAdmin.caughtUp).
 * This is how a test knows that a message it expects to change nothing has really been handled.
 */
export async function waitUntilConsumed(broker: BrokerName, service: ConsumingService, timeoutMs = 60_000) {
  const admin = brokerAdminFor(broker);
  await waitFor(`${service} to consume everything`, () => admin.caughtUp(service), { timeoutMs, intervalMs: 250 });
}
