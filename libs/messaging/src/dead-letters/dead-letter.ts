import { createHash } from 'node:crypto';

/** A parked message as the dead-letter tooling shows it, the same on every broker. */
export interface DeadLetter {
  /** Where it sits, in the broker's own terms (Kafka `topic:partition:offset`, RabbitMQ/SQS `queue#id`). */
  locator: string;
  /** The CloudEvent id, when the body could be read as one. */
  eventId?: string;
  eventType?: string;
  reason: string;
  error: string;
  attempts: number;
  /** The topic or routing key it was consumed from, and where a replay sends it back. */
  origin: string;
  consumer: string;
  /** When it was dead-lettered (ISO 8601), or '' when nothing tells. */
  deadLetteredAt: string;
  /** Set when this message was itself a replay of an earlier dead letter. */
  replayedFrom?: string;
  /** The body as text: whole, or its first `bodyBytes` of a query when `bodyTruncated`. */
  body: string;
  /** The body's full size in bytes, whatever `body` holds of it. */
  bodySize: number;
  bodyTruncated: boolean;
}

/** A dead letter as a broker hands it over, before it is read. */
export interface RawDeadLetter {
  locator: string;
  body: Buffer;
  headers: Record<string, unknown>;
  /** Where it came from when no x-dead-letter-origin header says (a broker that parked it itself). */
  fallbackOrigin: string;
  /** The broker's own timestamp (ms since the epoch), used when no x-dead-letter-time header says. */
  fallbackTime?: number;
}

/** Reads the x-dead-letter-* headers and the body, whatever broker carried them; keeps at most `bodyBytes`. */
export function readDeadLetter(raw: RawDeadLetter, bodyBytes = Number.POSITIVE_INFINITY): DeadLetter {
  const header = (name: string) => {
    const value = raw.headers[name];
    return value === undefined || value === null ? undefined : String(value);
  };
  let event: { id?: unknown; type?: unknown } = {};
  try {
    event = JSON.parse(raw.body.toString()) ?? {};
  } catch {
    // Malformed bytes are a reason to be here; they are shown as they are.
  }
  const truncated = raw.body.length > bodyBytes;
  const time = header('x-dead-letter-time');
  return {
    locator: raw.locator,
    eventId: typeof event.id === 'string' ? event.id : undefined,
    eventType: typeof event.type === 'string' ? event.type : undefined,
    // A message the broker itself dead-lettered (rejected without our headers) shows the broker's reason.
    reason: header('x-dead-letter-reason') ?? 'REJECTED_BY_BROKER',
    error: header('x-dead-letter-error') ?? '',
    attempts: Number(header('x-dead-letter-attempts') ?? 0),
    origin: header('x-dead-letter-origin') ?? raw.fallbackOrigin,
    consumer: header('x-dead-letter-consumer') ?? '',
    deadLetteredAt: time ?? (raw.fallbackTime ? new Date(raw.fallbackTime).toISOString() : ''),
    replayedFrom: header('x-replayed-from'),
    body: truncated ? utf8Prefix(raw.body, bodyBytes) : raw.body.toString(),
    bodySize: raw.body.length,
    bodyTruncated: truncated,
  };
}

/** The first `bytes` of a UTF-8 buffer as text, without a character cut in half at the end. */
function utf8Prefix(body: Buffer, bytes: number): string {
  let end = Math.max(0, Math.floor(bytes));
  // Step back over continuation bytes (10xxxxxx) so the cut falls between characters.
  while (end > 0 && end < body.length && (body[end]! & 0xc0) === 0x80) end -= 1;
  return body.subarray(0, end).toString();
}

/** A stable name for a message that has no id of its own: the same bytes get the same locator on every walk. */
export function contentLocator(destination: string, body: Buffer): string {
  return `${destination}#sha256:${createHash('sha256').update(body).digest('hex').slice(0, 16)}`;
}

/** The headers a replay carries: the message's own, without what dead-lettering added, plus where it came from. */
export function replayHeaders<T>(headers: Record<string, T>, locator: string): Record<string, T | string> {
  const own = Object.entries(headers).filter(
    ([name]) =>
      !name.startsWith('x-dead-letter-') &&
      !/^x-(death|first-death|last-death)/.test(name) &&
      name !== 'x-replayed-from',
  );
  // First, so that a broker keeping only the first few attributes (SQS: 10) keeps this one.
  return { 'x-replayed-from': locator, ...Object.fromEntries(own) };
}
