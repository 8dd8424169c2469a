import { CloudEvent, type CloudEventV1 } from 'cloudevents';
import { newTimeOrderedId } from './time-ordered-id.js';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** A CloudEvents 1.0 event as it travels: structured mode, JSON data. */
export type EventEnvelope<T = unknown> = CloudEventV1<T> & {
  subject: string;
  time: string;
  traceparent?: string;
  tracestate?: string;
};

export interface NewEvent<T> {
  type: string;
  source: string;
  subject: string;
  data: T;
  /** The trace it belongs to (see traceContextToSend); an extension attribute, left out when absent. */
  traceparent?: string;
  tracestate?: string;
}

/** Builds a spec-valid envelope; the CloudEvents SDK rejects missing or malformed attributes. */
export function createEnvelope<T>({ traceparent, tracestate, ...event }: NewEvent<T>): EventEnvelope<T> {
  const cloudEvent = new CloudEvent<T>(
    {
      id: newTimeOrderedId(),
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      ...event,
      // An extension attribute may not be present with no value.
      ...(traceparent ? { traceparent } : {}),
      ...(traceparent && tracestate ? { tracestate } : {}),
    },
    true,
  );
  return cloudEvent.toJSON() as EventEnvelope<T>;
}

export function encodeEnvelope(envelope: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}
