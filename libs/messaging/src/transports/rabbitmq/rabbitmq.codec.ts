import { CLOUDEVENTS_CONTENT_TYPE, type EventEnvelope } from '#events';
import type { Deserializer, IncomingEvent, ReadPacket, Serializer } from '@nestjs/microservices';
import type { IntakePolicy } from '../../event-intake.js';
import { routeByEventType } from '../../route-by-event-type.js';

/** Envelope -> AMQP message: the body is the CloudEvent itself; Nest JSON-encodes it. */
export class RabbitmqCloudEventSerializer implements Serializer<ReadPacket<EventEnvelope>> {
  serialize(packet: ReadPacket<EventEnvelope>) {
    const envelope = packet.data;
    return {
      ...envelope,
      options: {
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        messageId: envelope.id,
        type: envelope.type,
        persistent: true,
      },
    };
  }
}

/** AMQP body, as the bytes delivered (RawBodyServerRMQ) -> envelope, routed by its CloudEvent type (see routeByEventType). */
export class RabbitmqCloudEventDeserializer implements Deserializer<Buffer, IncomingEvent> {
  constructor(
    private readonly consumedTypes: ReadonlySet<string>,
    private readonly policy: IntakePolicy,
  ) {}

  deserialize(body: Buffer): IncomingEvent {
    return routeByEventType(body, this.consumedTypes, this.policy);
  }
}
