import { Inject, Injectable } from '@nestjs/common';
import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { DatabaseLocation } from './database-url.js';
import { addedOutboxRows } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { DATABASE, DATABASE_LOCATION } from './persistence.tokens.js';

/** A use case's writes, all or nothing: the state change, its inbox row, its outbox rows. */
export type Work<DB, T> = (trx: Transaction<DB>) => Promise<T>;

type Outcome = { value: unknown; published: boolean } | { error: unknown };

interface QueuedWork {
  work: Work<unknown, unknown>;
  done: (outcome: Outcome) => void;
}

/**
 * Runs a use case's writes in one transaction and, once it committed with outbox rows, wakes the
 * outbox relay: a use case never has to remember to.
 *
 * On SQLite, whose single connection runs one transaction at a time anyway, the units of work that
 * arrive in the same turn of the event loop share one transaction, each in a savepoint of its own: a
 * unit that fails is rolled back alone, the others commit together, and every caller hears its outcome
 * only after that commit. One commit then costs what one unit's did (the write-ahead log append), not
 * one per unit. On PostgreSQL each unit keeps a transaction of its own, on a connection of the pool.
 * A unit must not start another unit of work inside itself.
 */
@Injectable()
export class UnitOfWork {
  private queued: QueuedWork[] = [];

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<unknown>,
    @Inject(DATABASE_LOCATION) private readonly location: DatabaseLocation,
    private readonly relay: OutboxRelay,
  ) {}

  async run<DB, T>(work: Work<DB, T>): Promise<T> {
    if (this.location.dialect !== 'sqlite') {
      let published = false;
      const value = await (this.db as Kysely<DB>).transaction().execute(async (trx) => {
        const result = await work(trx);
        published = addedOutboxRows(trx);
        return result;
      });
      if (published) this.relay.notify();
      return value;
    }
    const outcome = await new Promise<Outcome>((done) => {
      this.queued.push({ work: work as Work<unknown, unknown>, done });
      if (this.queued.length === 1) setImmediate(() => void this.commitQueued());
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T;
  }

  private async commitQueued(): Promise<void> {
    const units = this.queued;
    this.queued = [];
    const outcomes: Outcome[] = [];
    let trx: ControlledTransaction<unknown> | undefined;
    try {
      trx = await this.db.startTransaction().execute();
      for (const unit of units) outcomes.push(await inSavepoint(trx, unit.work));
      await trx.commit().execute();
    } catch (error) {
      // The transaction itself failed (e.g. the commit): nothing of it was kept, every unit hears so.
      await trx
        ?.rollback()
        .execute()
        .catch(() => undefined);
      units.forEach((unit) => unit.done({ error }));
      return;
    }
    if (outcomes.some((outcome) => 'published' in outcome && outcome.published)) this.relay.notify();
    units.forEach((unit, index) => unit.done(outcomes[index]));
  }
}

/** One unit inside the shared transaction: kept if it succeeds, undone alone if it throws. */
async function inSavepoint(trx: ControlledTransaction<unknown>, work: Work<unknown, unknown>): Promise<Outcome> {
  const unit = await trx.savepoint('unit_of_work').execute();
  try {
    const value = await work(unit);
    await unit.releaseSavepoint('unit_of_work').execute();
    return { value, published: addedOutboxRows(unit) };
  } catch (error) {
    await unit.rollbackToSavepoint('unit_of_work').execute();
    await unit.releaseSavepoint('unit_of_work').execute();
    return { error };
  }
}
