import type { DeliveryFailure } from './delivery-failure.js';

/**
 * What a deserializer hands on instead of throwing when a message cannot reach a handler,
 * so that poison goes to dead letter with its reason instead of crashing or blocking the consumer.
 */
export class UnprocessableMessage {
  constructor(
    readonly reason: Exclude<DeliveryFailure['reason'], 'HANDLER_FAILED'>,
    readonly error: string,
  ) {}
}

/**
 * RabbitMQ hands Nest the payload without its routing key, so a message that is not a CloudEvent,
 * or whose type this service does not handle, is routed to this pattern, whose handler dead-letters it.
 */
export const UNPROCESSABLE_MESSAGE_PATTERN = 'messaging.unprocessable';
