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
 * On SQLite, whose single connection runs one transaction at a time anyway, the units of work that
 * arrive in the same turn of the event loop share one transaction, each in a savepoint of its own: a
 * unit that fails is rolled back alone, the others commit together, and every caller hears its outcome
 * only after that commit. One commit then costs what one unit's did (the write-ahead log append), not
 * one per unit. On PostgreSQL each unit keeps a transaction of its own, on a connection of the pool:
 * shared transactions running side by side on the pool took row locks of many units each, in no common
 * order, and deadlocked on inventory's stock rows (hundreds of deadlocks in a 10 s bench step at 250
 * orders/s); run one at a time, their statements' round trips would bound a process below the load.
 * A unit must not start another unit of work inside itself.
 */
@Injectable()
export class UnitOfWork {
  private queued: QueuedUnit[] = [];

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
    if (this.location.dialect !== 'sqlite') {
      const { value, published } = await this.db.transaction().execute(unit);
      if (published) this.relay.notify();
      return value as T | Consumption<T>;
    }
    const outcome = await new Promise<Outcome>((done) => {
      this.queued.push({ unit, done });
      if (this.queued.length === 1) setImmediate(() => void this.commitQueued());
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T | Consumption<T>;
  }

  private async commitQueued(): Promise<void> {
    const queued = this.queued;
    this.queued = [];
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
    if (outcomes.some((outcome) => 'published' in outcome && outcome.published)) this.relay.notify();
    queued.forEach(({ done }, index) => done(outcomes[index]));
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
