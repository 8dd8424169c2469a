import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { postgresDatabase, slowRowUpdates, sqliteDatabase, type TestDatabase } from '#testing';
import { createDatabase, migrateDatabase, parseDatabaseUrl } from '#persistence';
import { OUTBOX_MIGRATIONS } from './outbox.migrations.js';
import type { OutboxRelay } from './outbox-relay.js';
import type { OutboxTables } from './outbox.table.js';
import { UnitOfWork, type OutboxWriter } from './unit-of-work.js';

interface Tables extends OutboxTables {
  things: { id: string };
}

interface Counters extends OutboxTables {
  counters: { id: string; value: number };
}

const envelope = (subject: string) => ({
  specversion: '1.0' as const,
  id: randomUUID(),
  source: '/test',
  type: 'thing.added',
  subject,
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  data: {},
});

describe.each(['sqlite', 'postgres'] as const)('UnitOfWork on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<Tables>;
  let notify: jest.Mock;
  let unitOfWork: UnitOfWork;

  beforeEach(async () => {
    database = dialect === 'postgres' ? await postgresDatabase('unit_of_work') : sqliteDatabase('unit-of-work');
    const location = parseDatabaseUrl(database.url);
    db = createDatabase<Tables>(location);
    await migrateDatabase(db as Kysely<unknown>, OUTBOX_MIGRATIONS);
    await db.schema
      .createTable('things')
      .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
      .execute();
    notify = jest.fn();
    unitOfWork = new UnitOfWork(db as Kysely<unknown>, location, { notify } as unknown as OutboxRelay);
  });

  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  const things = async () => (await db.selectFrom('things').select('id').orderBy('id').execute()).map((row) => row.id);

  it('keeps the units that succeed and undoes only the one that fails, when they arrive together', async () => {
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c'].map((id) =>
        unitOfWork.run<Tables, string>(async (trx, outbox) => {
          await trx.insertInto('things').values({ id }).execute();
          outbox.add(envelope(id));
          if (id === 'b') throw new Error('b changed its mind');
          return id;
        }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await things()).toEqual(['a', 'c']);
    const subjects = (await db.selectFrom('outbox').select('subject').orderBy('subject').execute()).map(
      (r) => r.subject,
    );
    expect(subjects).toEqual(['a', 'c']);
  });

  it('commits a burst of units arriving together, each once, and undoes only the one that fails', async () => {
    const ids = Array.from({ length: 75 }, (_, index) => `t${String(index).padStart(2, '0')}`);
    const outcomes = await Promise.allSettled(
      ids.map((id) =>
        unitOfWork.run<Tables, string>(async (trx) => {
          await trx.insertInto('things').values({ id }).execute();
          if (id === 't40') throw new Error('t40 changed its mind');
          return id;
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1);
    expect(await things()).toEqual(ids.filter((id) => id !== 't40'));
  });

  it('wakes the outbox relay after a commit that queued events, and not after one that did not', async () => {
    await unitOfWork.run<Tables, void>(
      async (trx) => void (await trx.insertInto('things').values({ id: 'x' }).execute()),
    );
    expect(notify).not.toHaveBeenCalled();
    await unitOfWork.run<Tables, void>(async (_trx, outbox) => outbox.add(envelope('y')));
    expect(notify).toHaveBeenCalled();
  });

  describe('consuming an event', () => {
    const consumed = () => ({ source: '/test', id: randomUUID(), type: 'thing.requested' });
    /** The change an event causes: a row named after it, and one event to publish. */
    const consume = (event: ReturnType<typeof consumed>) =>
      unitOfWork.run<Tables, string>(
        async (trx, outbox) => {
          await trx.insertInto('things').values({ id: event.id }).execute();
          outbox.add(envelope(event.id));
          return 'applied';
        },
        { consumed: event },
      );
    const subjects = async () =>
      (await db.selectFrom('outbox').select('subject').orderBy('subject').execute()).map((row) => row.subject);

    it('applies it once: a redelivery skips the change, queues no event, wakes no relay and says it was a duplicate', async () => {
      const event = consumed();
      expect(await consume(event)).toEqual({ duplicate: false, value: 'applied' });
      notify.mockClear();
      expect(await consume(event)).toEqual({ duplicate: true });
      expect(await things()).toEqual([event.id]);
      expect(await subjects()).toEqual([event.id]);
      expect(notify).not.toHaveBeenCalled();
    });

    it('applies an event delivered twice at the same time only once', async () => {
      const event = consumed();
      const outcomes = await Promise.all([consume(event), consume(event)]);
      expect(outcomes.map((outcome) => outcome.duplicate).sort()).toEqual([false, true]);
      expect(await things()).toEqual([event.id]);
      expect(await subjects()).toEqual([event.id]);
    });

    it('tells apart the same id from two sources', async () => {
      const event = consumed();
      await consume(event);
      const fromElsewhere = { ...event, source: '/elsewhere' };
      const outcome = await unitOfWork.run<Tables, void>(async () => undefined, { consumed: fromElsewhere });
      expect(outcome).toEqual({ duplicate: false, value: undefined });
    });

    it('leaves the event unrecorded when the change fails, so that its redelivery is applied', async () => {
      const event = consumed();
      await expect(
        unitOfWork.run<Tables, void>(
          async () => {
            throw new Error('the change failed');
          },
          { consumed: event },
        ),
      ).rejects.toThrow('the change failed');
      expect(await consume(event)).toEqual({ duplicate: false, value: 'applied' });
    });
  });

  it('refuses events given to the outbox after the unit ended: they would never be published', async () => {
    let kept: OutboxWriter | undefined;
    await unitOfWork.run<Tables, void>(async (_trx, outbox) => {
      kept = outbox;
    });
    expect(() => kept!.add(envelope('late'))).toThrow('before the unit of work ends');
    expect(await db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('answers a caller only once its writes are committed: another connection sees them', async () => {
    const other = createDatabase<Tables>(parseDatabaseUrl(database.url));
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          unitOfWork.run<Tables, void>(async (trx) => {
            await trx
              .insertInto('things')
              .values({ id: `t${index}` })
              .execute();
          }),
        ).map(async (done, index) => {
          await done;
          const seen = await other.selectFrom('things').select('id').where('id', '=', `t${index}`).execute();
          expect(seen).toHaveLength(1);
        }),
      );
    } finally {
      await other.destroy();
    }
  });
});

describe('UnitOfWork on sqlite, when the shared transaction itself fails', () => {
  it('fails every unit that shared it, and keeps none of their writes', async () => {
    const database = sqliteDatabase('unit-of-work-failure');
    const location = parseDatabaseUrl(database.url);
    const db = createDatabase<Tables>(location);
    try {
      await db.schema
        .createTable('things')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .execute();
      const unitOfWork = new UnitOfWork(db as Kysely<unknown>, location, {
        notify: jest.fn(),
      } as unknown as OutboxRelay);
      const outcomes = await Promise.allSettled([
        unitOfWork.run<Tables, void>(
          async (trx) => void (await trx.insertInto('things').values({ id: 'a' }).execute()),
        ),
        // Ends the connection's transaction behind the unit of work's back: no savepoint can undo that.
        unitOfWork.run<Tables, void>(async (trx) => void (await sql`rollback`.execute(trx))),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      expect(await db.selectFrom('things').select('id').execute()).toEqual([]);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});

describe('UnitOfWork on postgres, two instances of a service on one database', () => {
  it('commits every unit of two bursts that update the same rows in opposite orders', async () => {
    const database = await postgresDatabase('unit_of_work_instances');
    const location = parseDatabaseUrl(database.url);
    const pools = [createDatabase<Counters>(location), createDatabase<Counters>(location)];
    try {
      const [db] = pools;
      await migrateDatabase(db as Kysely<unknown>, OUTBOX_MIGRATIONS);
      await db.schema
        .createTable('counters')
        .addColumn('id', 'varchar(8)', (column) => column.primaryKey())
        .addColumn('value', 'integer', (column) => column.notNull())
        .execute();
      await db
        .insertInto('counters')
        .values([
          { id: 'a', value: 0 },
          { id: 'b', value: 0 },
        ])
        .execute();
      await slowRowUpdates(db as Kysely<unknown>, 'counters', 20);
      const instances = pools.map(
        (pool) => new UnitOfWork(pool as Kysely<unknown>, location, { notify: jest.fn() } as unknown as OutboxRelay),
      );
      const increment = (trx: Transaction<Counters>, id: string) =>
        trx
          .updateTable('counters')
          .set((eb) => ({ value: eb('value', '+', 1) }))
          .where('id', '=', id)
          .execute();

      // Each unit updates one row: one instance's units take a, b, a, ... and the other's b, a, b, ...,
      // so their shared transactions lock the two rows in opposite orders.
      const outcomes = await Promise.allSettled(
        instances.flatMap((unitOfWork, instance) =>
          Array.from({ length: 10 }, (_, index) =>
            unitOfWork.run<Counters, void>(async (trx) => {
              await increment(trx, (index + instance) % 2 === 0 ? 'a' : 'b');
            }),
          ),
        ),
      );

      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      expect(await db.selectFrom('counters').select(['id', 'value']).orderBy('id').execute()).toEqual([
        { id: 'a', value: 10 },
        { id: 'b', value: 10 },
      ]);
    } finally {
      await Promise.all(pools.map((pool) => pool.destroy()));
      await database.drop();
    }
  });
});
