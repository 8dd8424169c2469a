import { decodeEnvelope, type EventEnvelope } from '#events';
import type { IncomingEvent } from '@nestjs/microservices';
import { UNPROCESSABLE_MESSAGE_PATTERN, UnprocessableMessage } from './unprocessable-message.js';

/**
 * For transports whose message does not name its pattern (RabbitMQ hands Nest no routing key, an SQS
 * queue carries several types): the CloudEvent's type is the pattern. Never throws: bytes that are not
 * a CloudEvent, or a type this service does not consume, become an UnprocessableMessage, which is
 * dead-lettered with its reason.
 */
export function routeByEventType(raw: Buffer | string | object, consumedTypes: ReadonlySet<string>): IncomingEvent {
  let envelope: EventEnvelope;
  try {
    envelope = decodeEnvelope(raw);
  } catch (error) {
    return unprocessable(new UnprocessableMessage('MALFORMED', (error as Error).message));
  }
  if (!consumedTypes.has(envelope.type)) {
    return unprocessable(new UnprocessableMessage('UNHANDLED_TYPE', `no handler for type ${envelope.type}`));
  }
  return { pattern: envelope.type, data: envelope };
}

const unprocessable = (data: UnprocessableMessage): IncomingEvent => ({ pattern: UNPROCESSABLE_MESSAGE_PATTERN, data });
