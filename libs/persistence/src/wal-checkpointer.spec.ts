import { statSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { waitFor } from '../../../test/support/poll.js';
import { sqliteDatabase } from '../../../test/support/test-databases.js';
import { createDatabase } from './create-database.js';
import { parseDatabaseUrl, type DatabaseLocation } from './database-url.js';
import { WalCheckpointer } from './wal-checkpointer.js';

interface Things {
  things: { id: number; body: string };
}

describe('WalCheckpointer', () => {
  const database = sqliteDatabase('wal-checkpointer');
  const location = parseDatabaseUrl(database.url) as Extract<DatabaseLocation, { dialect: 'sqlite' }>;
  let db: Kysely<Things>;
  let checkpointer: WalCheckpointer;

  beforeAll(async () => {
    db = createDatabase<Things>(location);
    await sql`create table things (id integer primary key, body text not null)`.execute(db);
    checkpointer = new WalCheckpointer(db as Kysely<unknown>, location);
    await checkpointer.onApplicationBootstrap();
  });

  afterAll(async () => {
    await checkpointer.stop();
    await db.destroy();
    await database.drop();
  });

  it("turns off the checkpoints in the service's own commits", async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    expect(rows).toEqual([{ wal_autocheckpoint: 0 }]);
  });

  it('copies what the service committed into the database file, from its worker thread', async () => {
    const before = statSync(location.file).size;
    // About 1 MB of rows, one commit each: with no checkpoint at all it would all stay in the log.
    for (let id = 0; id < 2_000; id += 1)
      await db
        .insertInto('things')
        .values({ id, body: 'x'.repeat(500) })
        .execute();
    await waitFor(
      'the checkpoint worker to copy the log into the database file',
      () => statSync(location.file).size > before + 900_000,
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    const { rows } = await sql<{ n: number }>`select count(*) as n from things`.execute(db);
    expect(rows[0].n).toBe(2_000);
  });
});
