// The operator's entry (#messaging/operator): dead letters of any broker, and the names and
// permissions of each broker's topology, for scripts, tools and tests that look at a broker directly.
export { openDeadLetterStore } from './transports/broker-registry.js';
export type {
  DeadLetterStore,
  DeadLetterWalk,
  HandledDeadLetter,
  WalkSummary,
} from './dead-letters/dead-letter-store.js';
export type { DeadLetter } from './dead-letters/dead-letter.js';
export type { DeadLetterQuery } from './dead-letters/dead-letter-query.js';
export { jsonLine, printable } from './dead-letters/terminal-safe-text.js';
export { REPLAYABLE_TYPES, replayRefusal } from './dead-letters/replay-targets.js';
export { deadLetterHeaders } from './transports/dead-letter-headers.js';
export { KAFKA_PURGE_RULE } from './transports/kafka/kafka.dead-letters.js';
export { deadLetterTopic } from './transports/kafka/kafka.names.js';
export { recordsNotConsumed } from './transports/kafka/kafka.consumer-lag.js';
export { untilTopicsHaveLeaders } from './transports/kafka/kafka.topic-leaders.js';
export { provisionTopics } from './transports/kafka/kafka.topology.js';
export {
  deadLetterQueue,
  EVENTS_EXCHANGE,
  KEEPING_QUEUE_DELIVERY_LIMIT,
  QUORUM_DELIVERY_LIMIT,
  UNROUTED_EXCHANGE,
} from './transports/rabbitmq/rabbitmq.names.js';
export { rabbitmqPermissions, type RabbitmqPermissions } from './transports/rabbitmq/rabbitmq.permissions.js';
export { deadLetterQueueName as sqsDeadLetterQueue, topicName as snsTopicName } from './transports/sqs/sqs.names.js';
export { VISIBILITY_TIMEOUT_SECONDS as SQS_VISIBILITY_TIMEOUT_SECONDS } from './transports/sqs/sqs.topology.js';
export { createAwsClients, destroyAwsClients, type AwsClients } from './transports/sqs/sqs.aws-clients.js';
