import { CLOUDEVENTS_CONTENT_TYPE, type EventEnvelope } from '#events';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

/** SQS refuses a message with more message attributes than this (SNS passes at most this many on). */
export const MAX_MESSAGE_ATTRIBUTES = 10;

/** A message attribute as both SNS and SQS take it. */
export interface StringAttribute {
  DataType: 'String';
  StringValue: string;
}

/**
 * The CloudEvents attributes, also as message attributes, so that SNS filter policies and any plain
 * client can route or inspect without parsing the body (8 of the 10 SQS allows).
 */
export function cloudEventHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    'content-type': CLOUDEVENTS_CONTENT_TYPE,
    ce_specversion: envelope.specversion,
    ce_id: envelope.id,
    ce_type: envelope.type,
    ce_source: envelope.source,
    ce_subject: envelope.subject,
    ce_time: envelope.time,
    ...(envelope.traceparent ? { ce_traceparent: envelope.traceparent } : {}),
  };
}

/**
 * Plain headers -> message attributes: the first ten, non-empty (SQS refuses empty values), with
 * characters SQS does not allow replaced.
 */
export function toMessageAttributes(headers: Record<string, string>): Record<string, StringAttribute> {
  const entries = Object.entries(headers)
    .filter(([, value]) => value !== '')
    .slice(0, MAX_MESSAGE_ATTRIBUTES);
  return Object.fromEntries(
    entries.map(([name, value]) => [name, { DataType: 'String', StringValue: sqsSafe(value) }]),
  );
}

/** Message attributes -> plain headers (binary values as base64). */
export function fromMessageAttributes(attributes: Record<string, MessageAttributeValue> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      value.StringValue ?? (value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : ''),
    ]),
  );
}

/** What a message keeps of its own headers when it is parked: the most useful first, within the limit. */
const KEPT_WHEN_DEAD_LETTERED = ['x-replayed-from', 'content-type', 'ce_id', 'ce_type', 'ce_subject'];

/** The x-dead-letter-* headers (6) plus as many of the message's own as still fit. */
export function deadLetteredHeaders(
  original: Record<string, string>,
  deadLetter: Record<string, string>,
): Record<string, string> {
  const own = Object.entries(original).filter(([name]) => !name.startsWith('x-dead-letter-'));
  const rank = (name: string) => {
    const index = KEPT_WHEN_DEAD_LETTERED.indexOf(name);
    return index === -1 ? KEPT_WHEN_DEAD_LETTERED.length : index;
  };
  own.sort(([a], [b]) => rank(a) - rank(b));
  const headers = Object.fromEntries(Object.entries(deadLetter).filter(([, value]) => value !== ''));
  for (const [name, value] of own) {
    if (Object.keys(headers).length >= MAX_MESSAGE_ATTRIBUTES) break;
    if (value !== '') headers[name] = value;
  }
  return headers;
}

/**
 * The event type whose topic a message came through. Raw delivery carries no topic, so: the only type
 * the queue is subscribed to, else the ce_type attribute or the body's type when the queue consumes it;
 * undefined when none tells (a replay then goes straight back to the queue).
 */
export function originOf(
  consumedTypes: readonly string[],
  headers: Record<string, string>,
  body: string,
): string | undefined {
  if (consumedTypes.length === 1) return consumedTypes[0];
  if (consumedTypes.includes(headers.ce_type)) return headers.ce_type;
  try {
    const { type } = JSON.parse(body) as { type?: unknown };
    if (typeof type === 'string' && consumedTypes.includes(type)) return type;
  } catch {
    // Malformed bodies tell nothing.
  }
  return undefined;
}

/** SQS accepts only these characters in bodies and attribute values. */
const NOT_ALLOWED_BY_SQS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function sqsSafe(value: string): string {
  return value.replace(NOT_ALLOWED_BY_SQS, '\uFFFD');
}
