import { errorAndCauses, PublishRefused } from '../../publish-refused.js';

/**
 * Kafka's answers to a produce request that kafkajs does not retry, sorted by what gets past them.
 * kafkajs rejects with its KafkaJSProtocolError (whose `type` names the protocol error), or with an
 * error wrapping it as `cause`.
 */

/**
 * The broker no longer agrees with the idempotent producer on its id, epoch or sequence numbers (say, a
 * request that timed out on a frozen leader was written after all, while the next one went to the new
 * leader). kafkajs' producer never recovers from these: every later send fails the same way. Kafka's own
 * client starts a new producer session for them; so does this one.
 */
const PRODUCER_SESSION_LOST = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
  'INVALID_TXN_STATE',
]);

/** Too large for the broker: alone, a record is refused for good; a batch of several is split first. */
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/** The record or this service's rights are wrong for the cluster: no retry changes that. */
const REFUSED = new Set([
  ...TOO_LARGE,
  'INVALID_RECORD',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
  'POLICY_VIOLATION',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
]);

/** The protocol error's type (e.g. OUT_OF_ORDER_SEQUENCE_NUMBER) anywhere in the error's causes. */
function protocolErrorType(error: unknown): string | undefined {
  const types = errorAndCauses(error).map((cause) => (cause as { type?: unknown }).type);
  return types.find((type): type is string => typeof type === 'string');
}

export function producerSessionLost(error: unknown): boolean {
  return PRODUCER_SESSION_LOST.has(protocolErrorType(error) ?? '');
}

export function tooLarge(error: unknown): boolean {
  return TOO_LARGE.has(protocolErrorType(error) ?? '');
}

/** The error a failed emit rejects with: a PublishRefused where the cluster refused for good, else as it came. */
export function publishFailure(error: unknown): unknown {
  const type = protocolErrorType(error);
  if (type === undefined || !REFUSED.has(type)) return error;
  return new PublishRefused(`Kafka refused the record (${type}): ${(error as Error).message}`, { cause: error });
}
