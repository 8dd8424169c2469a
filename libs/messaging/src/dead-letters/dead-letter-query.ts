import type { DeadLetter } from './dead-letter.js';

/** Which dead letters a walk selects, how many, how much of each body it keeps, and how long it may take. */
export interface DeadLetterQuery {
  /** At most this many selected letters (default: no limit); the walk stops once it has them. */
  limit?: number;
  /** The CloudEvent type, exactly. */
  type?: string;
  /** The dead-letter reason (`MALFORMED`, `INVALID`, `UNHANDLED_TYPE`, `HANDLER_FAILED`, `REJECTED_BY_BROKER`). */
  reason?: string;
  /** Dead-lettered at or after this time. */
  since?: Date;
  /** Dead-lettered at or before this time. */
  until?: Date;
  /** Text that must appear in the event id, the locator, the body (all of it) or the error. */
  match?: string;
  /** Event ids or locators; a letter is selected when it has one of them. */
  ids?: readonly string[];
  /** The whole walk's time budget; it stops there and says so (default 30 s). */
  deadlineMs?: number;
  /** How many bytes of each body a letter carries (default 1 KiB); Infinity for whole bodies. */
  bodyBytes?: number;
}

export const DEFAULT_DEADLINE_MS = 30_000;
export const DEFAULT_BODY_BYTES = 1024;

/** A query with its defaults applied, as every store reads it. */
export interface ResolvedQuery {
  limit: number;
  deadlineMs: number;
  bodyBytes: number;
  /** Kept so a broker that can seek by time (Kafka) starts there instead of reading what is older. */
  since?: Date;
  selects(letter: DeadLetter, body: Buffer): boolean;
}

export function resolveQuery(query: DeadLetterQuery = {}): ResolvedQuery {
  const { type, since, until, match } = query;
  const reason = query.reason?.toUpperCase();
  const ids = query.ids ? new Set(query.ids) : undefined;
  for (const [name, date] of Object.entries({ since, until })) {
    if (date && Number.isNaN(date.getTime())) throw new Error(`${name} is not a valid time`);
  }
  return {
    limit: query.limit ?? Number.POSITIVE_INFINITY,
    deadlineMs: query.deadlineMs ?? DEFAULT_DEADLINE_MS,
    bodyBytes: query.bodyBytes ?? DEFAULT_BODY_BYTES,
    since,
    selects(letter, body) {
      if (ids && !ids.has(letter.locator) && !(letter.eventId !== undefined && ids.has(letter.eventId))) return false;
      if (type !== undefined && letter.eventType !== type) return false;
      if (reason !== undefined && letter.reason !== reason) return false;
      if (since || until) {
        const at = Date.parse(letter.deadLetteredAt);
        // A letter whose time nobody knows is outside every time range.
        if (Number.isNaN(at) || (since && at < since.getTime()) || (until && at > until.getTime())) return false;
      }
      if (match !== undefined) {
        const inText = [letter.eventId, letter.locator, letter.error].some((text) => text?.includes(match));
        // Searched in the bytes, so a match deep in a large body is found without decoding it.
        if (!inText && !body.includes(match)) return false;
      }
      return true;
    },
  };
}
