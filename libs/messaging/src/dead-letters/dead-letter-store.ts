import type { DeadLetter } from './dead-letter.js';
import { resolveQuery, type DeadLetterQuery, type ResolvedQuery } from './dead-letter-query.js';
import { DeadlineReached } from './walk-deadline.js';

/** What a walk did with one selected letter. */
export type DeadLetterOutcome = 'listed' | 'replayed' | 'refused' | 'purged' | 'would purge';

export interface HandledDeadLetter {
  letter: DeadLetter;
  outcome: DeadLetterOutcome;
  /** Why, for `refused`. */
  note?: string;
}

export type WalkMode = 'list' | 'replay' | 'purge' | 'purge-dry-run';

/** What one walk of a destination saw and did; complete once the walk's iteration has ended. */
export interface WalkSummary {
  /** The destinations walked, in the broker's terms (`inventory-service.dlq`, `order.created.dlt`). */
  destination: string;
  /** Letters read from the broker. */
  examined: number;
  /** Letters the query selected (at most its limit). */
  selected: number;
  outcomes: Record<DeadLetterOutcome, number>;
  /** `end`: everything there at the start was examined; `limit`: the query's limit was reached; `deadline`: time ran out. */
  stoppedBy: 'end' | 'limit' | 'deadline';
  /** What the tool must say in plain words (e.g. what Kafka cannot delete, what the deadline interrupted). */
  notes: string[];
}

/** A walk of a dead-letter destination: iterate it once (letters are handed over one by one, never collected). */
export interface DeadLetterWalk<T> extends AsyncIterable<T> {
  readonly summary: WalkSummary;
  /** The same walk, handing over `project(item)` instead. */
  map<U>(project: (item: T) => U): DeadLetterWalk<U>;
  /** Every item in an array: only for selections known to be small (a limit or a run's own marker). */
  toArray(): Promise<T[]>;
}

/**
 * A service's dead letters on one broker. Memory stays bounded whatever the destination holds (one
 * letter, or one broker batch, at a time) and every walk ends by its query's deadline.
 */
export interface DeadLetterStore {
  readonly destination: string;
  list(query?: DeadLetterQuery): DeadLetterWalk<DeadLetter>;
  /** Sends selected letters back to where they were consumed from; ids alone means event ids or locators. */
  replay(selection: DeadLetterQuery | readonly string[]): DeadLetterWalk<HandledDeadLetter>;
  /** Removes selected letters (see each broker for what it can remove); a dry run only says what would go. */
  purge(query: DeadLetterQuery, options?: { dryRun?: boolean }): DeadLetterWalk<HandledDeadLetter>;
  close(): Promise<void>;
}

/** The one thing each broker implements: walk its destination once, in `mode`, yielding each selected letter. */
export interface DeadLetterSource {
  readonly destination: string;
  walk(query: ResolvedQuery, mode: WalkMode, summary: WalkSummary): AsyncGenerator<HandledDeadLetter>;
  close(): Promise<void>;
}

/** The store API over a broker's source: the modes, the counting and the deadline handling, once for all. */
export function storeOver(source: DeadLetterSource): DeadLetterStore {
  const walk = (query: DeadLetterQuery, mode: WalkMode) =>
    new Walk<HandledDeadLetter>(source, resolveQuery(query), mode);
  return {
    destination: source.destination,
    list: (query = {}) => walk(query, 'list').map((handled) => handled.letter),
    replay: (selection) => walk(isIdList(selection) ? { ids: selection } : selection, 'replay'),
    purge: (query, { dryRun = false } = {}) => walk(query, dryRun ? 'purge-dry-run' : 'purge'),
    close: () => source.close(),
  };
}

function isIdList(selection: DeadLetterQuery | readonly string[]): selection is readonly string[] {
  return Array.isArray(selection);
}

class Walk<T> implements DeadLetterWalk<T> {
  readonly summary: WalkSummary;

  constructor(
    private readonly source: DeadLetterSource,
    private readonly query: ResolvedQuery,
    private readonly mode: WalkMode,
    private readonly project: (handled: HandledDeadLetter) => T = (handled) => handled as T,
    summary?: WalkSummary,
  ) {
    this.summary = summary ?? {
      destination: source.destination,
      examined: 0,
      selected: 0,
      outcomes: { listed: 0, replayed: 0, refused: 0, purged: 0, 'would purge': 0 },
      stoppedBy: 'end',
      notes: [],
    };
  }

  map<U>(project: (item: T) => U): Walk<U> {
    return new Walk(this.source, this.query, this.mode, (handled) => project(this.project(handled)), this.summary);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for await (const handled of this.source.walk(this.query, this.mode, this.summary)) {
        this.summary.outcomes[handled.outcome] += 1;
        yield this.project(handled);
      }
    } catch (error) {
      if (!(error instanceof DeadlineReached)) throw error;
      this.summary.stoppedBy = 'deadline';
      this.summary.notes.push(
        `stopped at the deadline (${this.query.deadlineMs} ms) while waiting for ${error.waitingFor}`,
      );
    }
  }

  async toArray(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
