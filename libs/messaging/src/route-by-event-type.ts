import type { IncomingEvent } from '@nestjs/microservices';
import { takeInEvent, type IntakePolicy } from './event-intake.js';
import { UNPROCESSABLE_MESSAGE_PATTERN, UnprocessableMessage } from './unprocessable-message.js';

/**
 * For transports whose message does not name its pattern (RabbitMQ hands Nest no routing key, an SQS
 * queue carries several types): the CloudEvent's type is the pattern. Never throws: bytes that are not
 * an acceptable CloudEvent, or a type this service does not consume, become an UnprocessableMessage,
 * which is dead-lettered with its reason.
 */
export function routeByEventType(
  raw: Buffer | string,
  consumedTypes: ReadonlySet<string>,
  policy: IntakePolicy,
): IncomingEvent {
  const event = takeInEvent(raw, policy);
  if (event instanceof UnprocessableMessage) return unprocessable(event);
  if (!consumedTypes.has(event.type)) {
    return unprocessable(new UnprocessableMessage('UNHANDLED_TYPE', `no handler for type ${event.type}`));
  }
  return { pattern: event.type, data: event };
}

const unprocessable = (data: UnprocessableMessage): IncomingEvent => ({ pattern: UNPROCESSABLE_MESSAGE_PATTERN, data });
