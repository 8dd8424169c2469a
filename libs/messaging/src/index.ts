// What a service composes with: the module, the handler decorator, the publisher and the settings.
// Operator tools (dead letters, topology names) have their own entry: operator.ts (#messaging/operator).
export { MessagingModule } from './messaging.module.js';
export { HandleEvent } from './handle-event.decorator.js';
export type { ReceivedEvent } from './received-event.js';
export { EventPublisher } from './event-publisher.js';
export { isPublishRefused, PublishRefused } from './publish-refused.js';
export { CONSUMER_LAG } from './consumer-lag.gauge.js';
export { EVENT_HANDLING_DURATION, EVENTS_CONSUMED, EVENTS_PUBLISHED } from './messaging.metrics.js';
export { BrokerHealthIndicator } from './broker.health.js';
export { InFlightDeliveries } from './in-flight-deliveries.js';
export { TopologyProvisioner } from './topology.provisioner.js';
export { BROKER_TRANSPORT, EVENT_CLIENT } from './messaging.tokens.js';
export type { BrokerTransport, EventTraffic } from './broker-transport.js';
export type { DeliveryFailure } from './delivery-failure.js';
export { TRANSIENT_ERROR_CLASSIFIER, type TransientErrorClassifier } from './transient-error.classifier.js';
export {
  BROKERS,
  DEFAULT_KAFKA_BROKERS,
  DEFAULT_RABBITMQ_URL,
  DEFAULT_SQS_ENDPOINT,
  loadBrokerConnections,
  loadMessagingConfig,
  type BrokerConnections,
  type BrokerName,
  type MessagingConfig,
} from './messaging.config.js';
