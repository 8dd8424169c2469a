import type { EventEnvelope } from '#events';
import { DATABASE, DATABASE_LOCATION, type DatabaseLocation } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { CompiledQuery, type ControlledTransaction, type Kysely, type Transaction } from 'kysely';
import { recordInInbox } from './inbox.js';
import { addToOutbox } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import type { OutboxTables } from './outbox.table.js';

/** Where a unit of work puts the events its change causes: they are written to the outbox with it. */
export interface OutboxWriter {
  add(...envelopes: EventEnvelope[]): void;
}

/** A use case's change: its writes on `trx`, the events it causes given to `outbox`. */
export type Work<DB, T> = (trx: Transaction<DB>, outbox: OutboxWriter) => Promise<T>;

/** The event a unit of work consumes, as the inbox knows it: CloudEvents ids are unique per source. */
export interface ConsumedEvent {
  source: string;
  id: string;
  type: string;
}

/** What a unit of work that consumed an event gives back: the change's result, or that it was a redelivery. */
export type Consumption<T> = { duplicate: false; value: T } | { duplicate: true };

/** A unit as it runs inside a transaction: its result, and whether it wrote outbox rows. */
type Unit = (trx: Transaction<unknown>) => Promise<Done>;
type Done = { value: unknown; published: boolean };
type Outcome = Done | { error: unknown };

interface QueuedUnit {
  unit: Unit;
  done: (outcome: Outcome) => void;
}

/**
 * Runs a use case's change in one transaction, all or nothing: the consumed event's inbox row first
 * (an event already there skips the change: redeliveries change nothing), then the change, then the
 * outbox rows of the events it gave; once that committed with outbox rows, it wakes the outbox relay.
 * A use case never writes the inbox or the outbox, nor wakes the relay, itself.
 *
 * The units of work that arrive in the same turn of the event loop share one transaction: under load
 * one commit, and one round trip each way for it, serves many units. Every caller hears its outcome
 * only after that commit.
 * - On SQLite, whose single connection runs one transaction at a time anyway, each unit runs in a
 *   savepoint of its own: one that fails is rolled back alone, the others commit together.
 * - On PostgreSQL a savepoint would cost a round trip each way per unit, as much as the transaction it
 *   saves. The units share the transaction without them; if one fails, all are undone and run again,
 *   each in a transaction of its own, as a unit that arrives alone always runs; those are not waited
 *   for. One shared transaction runs at a time per process, the units that arrive meanwhile form the
 *   next: side by side, shared transactions took row locks of many units each in no common order and
 *   deadlocked on inventory's stock rows. Another instance's shared transaction still may: a lock
 *   awaited longer than LOCK_TIMEOUT undoes the shared one, whose units then run alone, and so do all
 *   units for ALONE_AFTER_CONTENTION_MS.
 * A unit must not start another unit of work inside itself, and must keep its effects in the
 * transaction and the outbox: on PostgreSQL it may run twice.
 */
@Injectable()
export class UnitOfWork {
  private queued: QueuedUnit[] = [];
  private committing = false;
  /** Until then, on PostgreSQL, every unit runs in a transaction of its own: see ALONE_AFTER_CONTENTION_MS. */
  private aloneUntil = 0;

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<unknown>,
    @Inject(DATABASE_LOCATION) private readonly location: DatabaseLocation,
    private readonly relay: OutboxRelay,
  ) {}

  /** A change caused by no event (an HTTP request): resolves to the work's result once committed. */
  run<DB, T>(work: Work<DB, T>): Promise<T>;
  /** The change a consumed event causes, applied once: a redelivery resolves to `{ duplicate: true }`. */
  run<DB, T>(work: Work<DB, T>, options: { consumed: ConsumedEvent }): Promise<Consumption<T>>;
  async run<DB, T>(work: Work<DB, T>, options?: { consumed: ConsumedEvent }): Promise<T | Consumption<T>> {
    const unit = unitOf(work as Work<unknown, T>, options?.consumed);
    if (this.location.dialect === 'postgres' && Date.now() < this.aloneUntil) {
      return (await this.alone(unit)).value as T | Consumption<T>;
    }
    const outcome = await new Promise<Outcome>((done) => {
      this.queued.push({ unit, done });
      if (this.queued.length === 1 && !this.committing) setImmediate(() => void this.commitQueued());
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T | Consumption<T>;
  }

  private async commitQueued(): Promise<void> {
    if (this.location.dialect === 'sqlite') return this.commitTogether(this.takeQueued());
    // PostgreSQL: one shared transaction at a time; what arrives meanwhile is the next one. Units that
    // run alone are not waited for: one that waits for a locked row must not hold up the others.
    this.committing = true;
    try {
      while (this.queued.length > 0) {
        const queued = this.takeQueued(MAX_UNITS_PER_TRANSACTION);
        if (queued.length === 1 || !(await this.tryTogether(queued))) void this.oneByOne(queued);
      }
    } finally {
      this.committing = false;
    }
  }

  private takeQueued(limit = Infinity): QueuedUnit[] {
    return this.queued.splice(0, limit);
  }

  /**
   * PostgreSQL: every unit in one transaction, without savepoints (each would cost a round trip). If
   * any unit fails before the commit, or waits for a lock longer than LOCK_TIMEOUT (another instance's
   * shared transaction may hold rows in the opposite order), all are rolled back and false says so.
   * A failed commit is every unit's failure, as for a single unit.
   */
  private async tryTogether(queued: QueuedUnit[]): Promise<boolean> {
    const outcomes: Done[] = [];
    let trx: ControlledTransaction<unknown> | undefined;
    try {
      trx = await this.db.startTransaction().execute();
      await trx.executeQuery(LOCK_TIMEOUT);
      for (const { unit } of queued) outcomes.push(await unit(trx));
    } catch (error) {
      await trx
        ?.rollback()
        .execute()
        .catch(() => undefined);
      if (isLockContention(error)) this.aloneUntil = Date.now() + ALONE_AFTER_CONTENTION_MS;
      return false;
    }
    try {
      await trx.commit().execute();
    } catch (error) {
      queued.forEach(({ done }) => done({ error }));
      return true;
    }
    this.committed(queued, outcomes);
    return true;
  }

  /** Each unit in a transaction of its own, side by side: alone, or after their shared one was undone. */
  private async oneByOne(queued: QueuedUnit[]): Promise<void> {
    await Promise.all(
      queued.map(async ({ unit, done }) => {
        try {
          done(await this.alone(unit));
        } catch (error) {
          done({ error });
        }
      }),
    );
  }

  /** One unit in a transaction of its own, waking the relay if it committed events. */
  private async alone(unit: Unit): Promise<Done> {
    const outcome = await this.db.transaction().execute(unit);
    if (outcome.published) this.relay.notify();
    return outcome;
  }

  /** After a shared transaction committed: the relay woken if any unit gave events, then every caller told. */
  private committed(queued: QueuedUnit[], outcomes: Outcome[]): void {
    if (outcomes.some((outcome) => 'published' in outcome && outcome.published)) this.relay.notify();
    queued.forEach(({ done }, index) => done(outcomes[index]));
  }

  /** SQLite: every unit in a savepoint of its own, in one transaction. */
  private async commitTogether(queued: QueuedUnit[]): Promise<void> {
    const outcomes: Outcome[] = [];
    let trx: ControlledTransaction<unknown> | undefined;
    try {
      trx = await this.db.startTransaction().execute();
      for (const { unit } of queued) outcomes.push(await inSavepoint(trx, unit));
      await trx.commit().execute();
    } catch (error) {
      // The transaction itself failed (e.g. the commit): nothing of it was kept, every unit hears so.
      await trx
        ?.rollback()
        .execute()
        .catch(() => undefined);
      queued.forEach(({ done }) => done({ error }));
      return;
    }
    this.committed(queued, outcomes);
  }
}

/** The work with what surrounds it in the transaction: the inbox row before, the outbox rows after. */
function unitOf<T>(work: Work<unknown, T>, consumed: ConsumedEvent | undefined): Unit {
  return async (trx) => {
    if (consumed && !(await recordInInbox(trx as Transaction<OutboxTables>, consumed))) {
      return { value: { duplicate: true } satisfies Consumption<T>, published: false };
    }
    const events: EventEnvelope[] = [];
    let open = true;
    const outbox: OutboxWriter = {
      add: (...envelopes) => {
        // An event given after the unit ended would silently never be published.
        if (!open) throw new Error('events must be given to the outbox before the unit of work ends');
        events.push(...envelopes);
      },
    };
    const value = await work(trx, outbox).finally(() => {
      open = false;
    });
    await addToOutbox(trx as Transaction<OutboxTables>, events);
    const result = consumed ? ({ duplicate: false, value } satisfies Consumption<T>) : value;
    return { value: result, published: events.length > 0 };
  };
}

/**
 * The savepoint statements, compiled once: Kysely's savepoint() builds a transaction object and a
 * query per call, which cost three times what SQLite spends on the statements, once per unit.
 */
const SAVEPOINT = CompiledQuery.raw('savepoint unit_of_work');
/** How long a shared transaction waits for a row lock before it gives way to its units run alone. */
const LOCK_TIMEOUT = CompiledQuery.raw("set local lock_timeout = '100ms'");
/**
 * After a shared transaction met another instance's locks, units run alone this long: instances that
 * update the same rows (inventory's stock) wait on each other's shared transactions, which hold the
 * rows of many units, far longer than on single units. A single instance never meets this.
 */
const ALONE_AFTER_CONTENTION_MS = 10_000;
/** PostgreSQL's lock_not_available (the lock timeout) and deadlock_detected. */
const LOCK_CONTENTION_CODES = new Set(['55P03', '40P01']);

function isLockContention(error: unknown): boolean {
  return LOCK_CONTENTION_CODES.has((error as { code?: string } | null)?.code ?? '');
}

/** Bounds what one failing unit makes run again, and how long a shared transaction holds its locks. */
const MAX_UNITS_PER_TRANSACTION = 32;
const RELEASE_SAVEPOINT = CompiledQuery.raw('release savepoint unit_of_work');
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to savepoint unit_of_work');

/** One unit inside the shared transaction: kept if it succeeds, undone alone if it throws. */
async function inSavepoint(trx: ControlledTransaction<unknown>, unit: Unit): Promise<Outcome> {
  await trx.executeQuery(SAVEPOINT);
  try {
    const done = await unit(trx);
    await trx.executeQuery(RELEASE_SAVEPOINT);
    return done;
  } catch (error) {
    await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
    await trx.executeQuery(RELEASE_SAVEPOINT);
    return { error };
  }
}
