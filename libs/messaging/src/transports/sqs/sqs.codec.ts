import { encodeEnvelope, type EventEnvelope } from '#events';
import type { Message } from '@aws-sdk/client-sqs';
import type { Deserializer, IncomingEvent, ReadPacket, Serializer } from '@nestjs/microservices';
import type { IntakePolicy } from '../../event-intake.js';
import { routeByEventType } from '../../route-by-event-type.js';
import type { SnsPublication } from './sqs.client.js';
import { cloudEventHeaders, toMessageAttributes } from './sqs.message-attributes.js';

/** Envelope -> SNS message: the body is the CloudEvent itself; its attributes also travel as message attributes. */
export class SnsCloudEventSerializer implements Serializer<ReadPacket<EventEnvelope>, SnsPublication> {
  serialize(packet: ReadPacket<EventEnvelope>): SnsPublication {
    const envelope = packet.data;
    return {
      Message: encodeEnvelope(envelope).toString(),
      MessageAttributes: toMessageAttributes(cloudEventHeaders(envelope)),
    };
  }
}

/**
 * SQS message body -> envelope, routed by its CloudEvent type (see routeByEventType). SqsServer hands
 * it the message as received, so the body's size is checked before it is parsed.
 */
export class SqsCloudEventDeserializer implements Deserializer<Message, IncomingEvent> {
  constructor(
    private readonly consumedTypes: ReadonlySet<string>,
    private readonly policy: IntakePolicy,
  ) {}

  deserialize(message: Message): IncomingEvent {
    return routeByEventType(message.Body ?? '', this.consumedTypes, this.policy);
  }
}
