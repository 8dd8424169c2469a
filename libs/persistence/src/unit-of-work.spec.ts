import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../../test/support/test-databases.js';
import { createDatabase } from './create-database.js';
import { parseDatabaseUrl } from './database-url.js';
import { addToOutbox } from './outbox.js';
import type { OutboxRelay } from './outbox-relay.js';
import { createOutboxAndInbox, type MessagingTables } from './outbox.table.js';
import { UnitOfWork } from './unit-of-work.js';

interface Tables extends MessagingTables {
  things: { id: string };
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
    await createOutboxAndInbox.up(db as unknown as Kysely<unknown>);
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
        unitOfWork.run<Tables, string>(async (trx) => {
          await trx.insertInto('things').values({ id }).execute();
          await addToOutbox(trx, [envelope(id)]);
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

  it('wakes the outbox relay after a commit that queued events, and not after one that did not', async () => {
    await unitOfWork.run<Tables, void>(
      async (trx) => void (await trx.insertInto('things').values({ id: 'x' }).execute()),
    );
    expect(notify).not.toHaveBeenCalled();
    await unitOfWork.run<Tables, void>((trx) => addToOutbox(trx, [envelope('y')]));
    expect(notify).toHaveBeenCalled();
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
