/** What a deserializer hands on instead of throwing, so that poison reaches dead letter, not a crash. */
export class UndecodableMessage {
  constructor(
    readonly error: string,
    readonly raw: string,
  ) {}
}

/**
 * RabbitMQ hands Nest the payload without its routing key, so bytes that are not a CloudEvent are
 * routed to this pattern, whose only handler dead-letters them.
 */
export const UNDECODABLE_MESSAGE_PATTERN = 'messaging.undecodable';
