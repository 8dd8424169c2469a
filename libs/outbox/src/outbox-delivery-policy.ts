/**
 * The outbox relay's rules, free of I/O: how long a claim lasts, how long a failed row waits before
 * its next attempt, when it is parked, and whose fault a failed batch was.
 */

/**
 * First retry after about 1 s, doubling, at most 30 s apart: however long an outage lasts, a row goes
 * out within 30 s of its end. Each delay is drawn between half and all of that (jitter), so rows that
 * failed together, and the relays of several instances, do not all come back at the same instant.
 */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;
/** Stored errors are for an operator to read: one line, bounded. */
const MAX_ERROR_LENGTH = 500;

/** Delay before the next attempt of a row that has now failed `attempts` times; `random` is in [0, 1). */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * A claim outlives the slowest publish (every publish of a batch runs at once, each bounded by the
 * timeout) plus the statements around it, so a live relay never loses its rows to another one.
 */
export function leaseMs(publishTimeoutMs: number): number {
  return publishTimeoutMs + 5_000;
}

/** What a failed publish stored as `last_error`: printable, one line, bounded. */
export function describeFailure(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const line = text.replace(/\p{Cc}+/gu, ' ').trim() || 'unknown error';
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 3)}...` : line;
}

/**
 * A batch whose every publish failed while the broker does not answer is an outage, not the rows'
 * fault: their attempts are not counted (no row is parked because the broker was down). A failure
 * next to a success, or while the broker answers, is the row's own.
 */
export function failuresAreTheRows(succeeded: number, brokerReachable: () => Promise<boolean>): Promise<boolean> {
  return succeeded > 0 ? Promise.resolve(true) : brokerReachable();
}

export interface FailedRow {
  id: string;
  /** Failed attempts before this one. */
  attempts: number;
  error: string;
  /**
   * The broker (or this service's configuration) will never take the event as it is: too large, not
   * authorised, not serialisable. Only such a row is parked, after `maxAttempts`; any other failure is
   * the broker's passing state (unreachable, a node or leader moving, no confirmation in time) and is
   * retried, backing off, for as long as it lasts.
   */
  refused: boolean;
}

/** One UPDATE for every row that shares the same outcome (usually all rows of a batch share one error). */
export interface FailureUpdate {
  ids: string[];
  attempts: number;
  lastError: string;
  nextAttemptAt: string | null;
  parkedAt: string | null;
}

export function planFailureUpdates(
  failed: FailedRow[],
  now: Date,
  maxAttempts: number,
  random: () => number = Math.random,
): FailureUpdate[] {
  const updates = new Map<string, FailureUpdate>();
  for (const row of failed) {
    const attempts = row.attempts + 1;
    const parked = row.refused && attempts >= maxAttempts;
    const key = `${attempts}\u0000${parked}\u0000${row.error}`;
    const update = updates.get(key) ?? {
      ids: [],
      attempts,
      lastError: row.error,
      nextAttemptAt: parked ? null : new Date(now.getTime() + retryDelayMs(attempts, random)).toISOString(),
      parkedAt: parked ? now.toISOString() : null,
    };
    update.ids.push(row.id);
    updates.set(key, update);
  }
  return [...updates.values()];
}
