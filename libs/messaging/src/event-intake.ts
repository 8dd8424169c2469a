import { decodeEnvelope, InvalidEventDataError, type EventEnvelope } from '#events';
import { untrustedSource, type AllowedSources } from './allowed-sources.js';
import { UnprocessableMessage } from './unprocessable-message.js';

/** What every consumer accepts, on every broker (MESSAGING_MAX_EVENT_BYTES, MESSAGING_ALLOWED_SOURCES). */
export interface IntakePolicy {
  maxEventBytes: number;
  allowedSources: AllowedSources;
}

/**
 * The bytes of one message as the broker delivered them -> the event, or why it is refused. Never
 * throws, so poison reaches the dead-letter path instead of crashing the consumer. The size is
 * checked first, before anything is parsed.
 */
export function takeInEvent(raw: Buffer | string, policy: IntakePolicy): EventEnvelope | UnprocessableMessage {
  let envelope: EventEnvelope;
  try {
    envelope = decodeEnvelope(raw, { maxBytes: policy.maxEventBytes });
  } catch (error) {
    const reason = error instanceof InvalidEventDataError ? 'INVALID' : 'MALFORMED';
    return new UnprocessableMessage(reason, (error as Error).message);
  }
  const untrusted = untrustedSource(policy.allowedSources, envelope.type, envelope.source);
  return untrusted ? new UnprocessableMessage('UNTRUSTED_SOURCE', untrusted) : envelope;
}
