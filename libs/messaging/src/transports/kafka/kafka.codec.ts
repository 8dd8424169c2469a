import { CLOUDEVENTS_CONTENT_TYPE, encodeEnvelope, type EventEnvelope } from '#events';
import type { Deserializer, IncomingEvent, Serializer } from '@nestjs/microservices';
import { takeInEvent, type IntakePolicy } from '../../event-intake.js';

/** Envelope -> Kafka record: key = subject keeps one order's events in order; value = the CloudEvent. */
export class KafkaCloudEventSerializer implements Serializer<EventEnvelope> {
  serialize(envelope: EventEnvelope) {
    return {
      key: envelope.subject,
      value: encodeEnvelope(envelope),
      headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
    };
  }
}

/**
 * Kafka record (its value as raw bytes: `keepBinary`) -> envelope; the topic is the pattern. Never
 * throws: refused bytes travel on to the topic's handler as an UnprocessableMessage, i.e. as poison.
 */
export class KafkaCloudEventDeserializer implements Deserializer<{ value: Buffer | null }, IncomingEvent> {
  constructor(private readonly policy: IntakePolicy) {}

  deserialize(message: { value: Buffer | null }, options?: { channel?: string }): IncomingEvent {
    return { pattern: options?.channel ?? '', data: takeInEvent(message.value ?? Buffer.alloc(0), this.policy) };
  }
}
