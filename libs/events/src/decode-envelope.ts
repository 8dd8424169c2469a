import { CloudEvent, type CloudEventV1 } from 'cloudevents';
import type { EventEnvelope } from './event-envelope.js';
import { JsonShapeError, parseStrictJson } from './strict-json.js';
import { isTraceparent, isTracestate } from './trace-context.js';
import { InvalidEventDataError } from './validate-event-data.js';

/** Why incoming bytes are not an event this system reads: the envelope itself is wrong. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

/** The largest event a consumer reads, in bytes as received (MESSAGING_MAX_EVENT_BYTES): 256 KiB, SNS's own limit. */
export const DEFAULT_MAX_EVENT_BYTES = 256 * 1024;

/** Bounds on what an envelope may carry; the CloudEvents spec leaves them to the consumer. */
export const ENVELOPE_LIMITS = {
  /** JSON nesting from the envelope down (the envelope is level 1, its data level 2). */
  maxDepth: 32,
  idLength: 128,
  sourceLength: 256,
  typeLength: 128,
  subjectLength: 256,
  timeLength: 64,
  dataschemaLength: 256,
  extensions: 16,
  extensionValueLength: 256,
} as const;

/** Every attribute this system requires, each a string, none filled in on the producer's behalf. */
const REQUIRED = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype'] as const;
const BOUNDED: Record<Exclude<(typeof REQUIRED)[number], 'specversion' | 'datacontenttype'>, number> = {
  id: ENVELOPE_LIMITS.idLength,
  source: ENVELOPE_LIMITS.sourceLength,
  type: ENVELOPE_LIMITS.typeLength,
  time: ENVELOPE_LIMITS.timeLength,
  subject: ENVELOPE_LIMITS.subjectLength,
};
const CONTEXT_ATTRIBUTES = new Set<string>([...REQUIRED, 'dataschema', 'data']);
const TRACE_CONTEXT = new Set(['traceparent', 'tracestate']);
/** The CloudEvents naming rule for attributes: lower-case ASCII letters and digits, at most 20. */
const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
/**
 * Characters CloudEvents strings must not contain (control characters, surrogates, noncharacters),
 * plus format and separator characters that can disguise a value in a log or terminal.
 */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\uFDD0-\uFDEF\uFFFE\uFFFF]/u;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the bytes of one structured-mode CloudEvent exactly as received, or refuses them:
 * MalformedEventError when the envelope is wrong, InvalidEventDataError when only its data is
 * (nested too deep, a repeated or prototype key). Nothing is filled in: an event without `id` is
 * refused, never given one, so that a redelivery can be recognised. `traceparent`/`tracestate`
 * are kept only when they are W3C Trace Context, otherwise dropped.
 *
 * The CloudEvents SDK still checks what it checks well (source is a URI reference, time is
 * RFC 3339), but only after the checks above: on its own it invents a random id and the current
 * time for an event without them, accepts any extension value (objects too) and bounds nothing.
 */
export function decodeEnvelope(
  raw: Buffer | string,
  { maxBytes = DEFAULT_MAX_EVENT_BYTES }: { maxBytes?: number } = {},
): EventEnvelope {
  const size = Buffer.isBuffer(raw) ? raw.length : Buffer.byteLength(raw);
  if (size > maxBytes) throw new MalformedEventError(`${size} bytes; at most ${maxBytes} are accepted`);
  const parsed = parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedEventError('not a JSON object');
  }
  const attributes = parsed as Record<string, unknown>;
  for (const name of REQUIRED) requireString(attributes, name);
  if (attributes.specversion !== '1.0') {
    throw new MalformedEventError(`specversion must be "1.0"; got ${JSON.stringify(attributes.specversion)}`);
  }
  if (attributes.datacontenttype !== 'application/json') {
    throw new MalformedEventError(
      `datacontenttype must be "application/json"; got ${JSON.stringify(attributes.datacontenttype)}`,
    );
  }
  for (const [name, maxLength] of Object.entries(BOUNDED)) checkText(name, attributes[name] as string, maxLength);
  if ('dataschema' in attributes) {
    if (typeof attributes.dataschema !== 'string') throw new MalformedEventError('dataschema must be a string');
    checkText('dataschema', attributes.dataschema, ENVELOPE_LIMITS.dataschemaLength);
  }
  const envelope = { ...attributes, ...extensionsOf(attributes) } as EventEnvelope;
  const fields = envelope as Record<string, unknown>;
  for (const name of TRACE_CONTEXT) if (fields[name] === undefined) delete fields[name];
  checkWithSdk(envelope);
  return envelope;
}

function parse(raw: Buffer | string): unknown {
  let text: string;
  try {
    text = Buffer.isBuffer(raw) ? utf8.decode(raw) : raw;
  } catch {
    throw new MalformedEventError('not UTF-8 text');
  }
  try {
    return parseStrictJson(text, { maxDepth: ENVELOPE_LIMITS.maxDepth });
  } catch (error) {
    if (error instanceof JsonShapeError) {
      // The envelope is fine up to its data: that is the event's contract being broken.
      if (error.path[0] === 'data') throw new InvalidEventDataError(error.message);
      throw new MalformedEventError(error.message);
    }
    throw new MalformedEventError(`not JSON: ${(error as Error).message}`);
  }
}

function requireString(attributes: Record<string, unknown>, name: string): void {
  if (!Object.hasOwn(attributes, name) || attributes[name] === undefined) {
    throw new MalformedEventError(`${name} is missing`);
  }
  const value = attributes[name];
  if (typeof value !== 'string') {
    throw new MalformedEventError(`${name} must be a string; got ${value === null ? 'null' : typeof value}`);
  }
}

function checkText(name: string, value: string, maxLength: number): void {
  if (value.length < 1 || value.length > maxLength) {
    throw new MalformedEventError(`${name} must be 1 to ${maxLength} characters; got ${value.length}`);
  }
  const bad = NOT_PRINTABLE.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new MalformedEventError(`${name} contains a character that is not printable (U+${code})`);
  }
}

/**
 * The extension attributes to keep: valid trace context, and the others if they follow the rules
 * (valid names, at most ENVELOPE_LIMITS.extensions of them, scalar values of bounded length).
 * Trace context that is not W3C's is returned as undefined, i.e. dropped.
 */
function extensionsOf(attributes: Record<string, unknown>): Record<string, unknown> {
  const names = Object.keys(attributes).filter((name) => !CONTEXT_ATTRIBUTES.has(name));
  if (names.includes('data_base64')) {
    throw new MalformedEventError('data_base64 is not accepted: data must be JSON (datacontenttype application/json)');
  }
  if (names.length > ENVELOPE_LIMITS.extensions) {
    throw new MalformedEventError(
      `${names.length} extension attributes; at most ${ENVELOPE_LIMITS.extensions} are accepted`,
    );
  }
  const kept: Record<string, unknown> = {};
  const traceparent = isTraceparent(attributes.traceparent) ? attributes.traceparent : undefined;
  for (const name of names) {
    if (name === 'traceparent') kept[name] = traceparent;
    else if (name === 'tracestate')
      kept[name] = traceparent && isTracestate(attributes[name]) ? attributes[name] : undefined;
    else kept[name] = checkExtension(name, attributes[name]);
  }
  return kept;
}

function checkExtension(name: string, value: unknown): unknown {
  if (!EXTENSION_NAME.test(name)) {
    throw new MalformedEventError(
      `extension attribute name ${JSON.stringify(name.slice(0, 40))} must be 1 to 20 lower-case letters or digits`,
    );
  }
  if (typeof value === 'string') checkText(name, value, ENVELOPE_LIMITS.extensionValueLength);
  else if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < INT32.min || value > INT32.max) {
      throw new MalformedEventError(`extension attribute ${name} must be a 32-bit integer; got ${value}`);
    }
  } else if (typeof value !== 'boolean') {
    throw new MalformedEventError(
      `extension attribute ${name} must be a string, an integer or a boolean; got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}

function checkWithSdk(envelope: EventEnvelope): void {
  try {
    new CloudEvent(envelope as CloudEventV1<unknown>, true);
  } catch (error) {
    throw new MalformedEventError(`not a CloudEvent: ${describeSdkError(error)}`);
  }
}

function describeSdkError(error: unknown): string {
  const errors = (error as { errors?: Array<{ instancePath?: string; message?: string }> }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .map((entry) => `${entry.instancePath?.replace(/^\//, '') ?? ''} ${entry.message ?? ''}`.trim())
      .join('; ');
  }
  return (error as Error).message;
}
