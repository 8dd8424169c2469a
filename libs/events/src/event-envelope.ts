import { randomUUID } from 'node:crypto';
import { CloudEvent, type CloudEventV1 } from 'cloudevents';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** A CloudEvents 1.0 event as it travels: structured mode, JSON data. */
export type EventEnvelope<T = unknown> = CloudEventV1<T> & {
  subject: string;
  time: string;
  traceparent?: string;
};

export interface NewEvent<T> {
  type: string;
  source: string;
  subject: string;
  data: T;
  traceparent?: string;
}

/** Builds a spec-valid envelope; the CloudEvents SDK rejects missing or malformed attributes. */
export function createEnvelope<T>({ traceparent, ...event }: NewEvent<T>): EventEnvelope<T> {
  const cloudEvent = new CloudEvent<T>(
    {
      id: randomUUID(),
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      ...event,
      // An extension attribute may not be present with no value.
      ...(traceparent ? { traceparent } : {}),
    },
    true,
  );
  return cloudEvent.toJSON() as EventEnvelope<T>;
}

export function encodeEnvelope(envelope: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}

/** Why an incoming message could not be read as a CloudEvent. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

/** Parses structured-mode bytes (or an already parsed object) into a spec-valid envelope. */
export function decodeEnvelope(raw: Buffer | string | object): EventEnvelope {
  let parsed: unknown = raw;
  if (Buffer.isBuffer(raw) || typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw.toString());
    } catch (error) {
      throw new MalformedEventError(`not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedEventError('not a JSON object');
  }
  const { specversion } = parsed as { specversion?: unknown };
  if (specversion !== '1.0')
    throw new MalformedEventError(`specversion must be "1.0"; got ${JSON.stringify(specversion)}`);
  let event: CloudEvent<unknown>;
  try {
    event = new CloudEvent(parsed as CloudEventV1<unknown>, true);
  } catch (error) {
    throw new MalformedEventError(`not a CloudEvent: ${describeSdkError(error)}`);
  }
  if (!event.subject || !event.time) {
    throw new MalformedEventError('not a CloudEvent of this system: subject and time are required');
  }
  return event.toJSON() as EventEnvelope;
}

function describeSdkError(error: unknown): string {
  const errors = (error as { errors?: unknown[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) return JSON.stringify(errors);
  return (error as Error).message;
}
