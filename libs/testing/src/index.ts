// What tests, the demo and the bench share (#testing): both services as processes, throwaway databases,
// polling, and for each broker a raw client, its faults and its admin view (brokers/<broker>/).
// Never built into dist/: tsx and Jest load it from source.
export {
  BROKERS_UNDER_TEST,
  brokersUnderTest,
  describeOn,
  describeWithoutBroker,
} from './brokers/brokers-under-test.js';
export { brokerAdminFor, brokerControlFor, rawClientFor, waitUntilConsumed } from './brokers/broker-registry.js';
export type { BrokerAdmin, RunFootprint } from './brokers/broker-admin.js';
export type { BrokerControl } from './brokers/broker-control.js';
export { KAFKA_CLUSTER_BROKERS, KafkaCluster } from './brokers/kafka/kafka.cluster.js';
export { loopbackPartition, type PeerTraffic } from './brokers/loopback-partition.js';
export { RABBITMQ_CLUSTER_URLS, RabbitmqCluster } from './brokers/rabbitmq/rabbitmq.cluster.js';
export type { MessageSpy, RawBrokerClient, RawDeadLetterMessage, RawMessage } from './brokers/raw-broker-client.js';
export {
  localVariables,
  SERVICE_USERS,
  servicePassword,
  serviceRabbitmqUrl,
  serviceUserDefinitions,
  vhostOf,
  type ServiceUser,
  type UserDefinitions,
} from './brokers/rabbitmq/rabbitmq.service-users.js';
export { freePort } from './free-port.js';
export { OrderSystem, uniqueSku, type OrderView, type SystemOptions } from './order-system.js';
export { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
export { waitFor } from './poll.js';
export { growth, parsePrometheusText, sampleKey, scrapeMetrics, type PrometheusSamples } from './prometheus-samples.js';
export { ServiceProcess, type ServiceName } from './service-process.js';
export { slowRowUpdates } from './slow-row-updates.js';
export { postgresDatabase, sqliteDatabase, TEST_POSTGRES_URL, type TestDatabase } from './test-databases.js';
export { fromSourcesArgs, runFromSources, type ScriptRun } from './run-from-sources.js';
