import type { EventEnvelope } from '#events';
import type { RunningPublisher } from './conformance-app.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Publishes every envelope, `concurrency` at a time; resolves when the broker confirmed them all. */
export async function publishAll(publisher: RunningPublisher, envelopes: EventEnvelope[], concurrency = 16) {
  let next = 0;
  const worker = async () => {
    while (next < envelopes.length) await publisher.publish(envelopes[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Publishes one after another, each confirmed before the next is sent: the order that defines "in order". */
export async function publishInOrder(publisher: RunningPublisher, envelopes: EventEnvelope[]) {
  for (const envelope of envelopes) await publisher.publish(envelope);
}

export interface PublishStream {
  /** Ids the broker has confirmed so far. */
  readonly confirmed: string[];
  /** Milliseconds since the last confirmation (how long publishing has been stalled). */
  sinceLastConfirmMs(): number;
  /** Resolves when every event is confirmed; rejects if one could not be within the deadline. */
  readonly done: Promise<void>;
}

/**
 * A paced stream, each event retried until the broker confirms it, as an outbox relay does through an
 * outage: a retry after a timed-out attempt may publish an event twice, which consumers deduplicate.
 */
export function publishStream(
  publisher: RunningPublisher,
  envelopes: EventEnvelope[],
  { ratePerSecond, concurrency = 8, deadlineMs = 180_000, attemptTimeoutMs = 15_000 }: StreamOptions,
): PublishStream {
  const confirmed: string[] = [];
  let lastConfirmAt = Date.now();
  const started = Date.now();
  let next = 0;
  const publishUntilConfirmed = async (envelope: EventEnvelope) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await withTimeout(publisher.publish(envelope), attemptTimeoutMs);
        return;
      } catch (error) {
        if (Date.now() - started > deadlineMs) {
          throw new Error(`event ${envelope.id} still not confirmed after ${deadlineMs} ms`, { cause: error });
        }
        await delay(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)));
      }
    }
  };
  const worker = async () => {
    while (next < envelopes.length) {
      const index = next++;
      const due = started + (index * 1_000) / ratePerSecond;
      if (due > Date.now()) await delay(due - Date.now());
      await publishUntilConfirmed(envelopes[index]);
      confirmed.push(envelopes[index].id);
      lastConfirmAt = Date.now();
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => undefined);
  // Awaited later by the test; until then a failure must not count as an unhandled rejection.
  done.catch(() => undefined);
  return { confirmed, sinceLastConfirmMs: () => Date.now() - lastConfirmAt, done };
}

interface StreamOptions {
  ratePerSecond: number;
  concurrency?: number;
  deadlineMs?: number;
  attemptTimeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not confirmed within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
