import { createRequire } from 'node:module';
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { runFromSources, sqliteDatabase, waitFor } from '#testing';
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

describe('WalCheckpointer, left running', () => {
  it('never keeps a process alive that is done with everything else, and stops in one that is not held by anything', async () => {
    const database = sqliteDatabase('wal-checkpointer-exit');
    // The library's sources, in a process of its own: the unit tests need no build.
    const sources = dirname(fileURLToPath(import.meta.url));
    const script = join(dirname(database.url), 'forgets-to-stop.mjs');
    writeFileSync(
      script,
      [
        `import ${JSON.stringify(createRequire(import.meta.url).resolve('reflect-metadata'))};`,
        `import { createDatabase } from ${JSON.stringify(join(sources, 'create-database.ts'))};`,
        `import { WalCheckpointer } from ${JSON.stringify(join(sources, 'wal-checkpointer.ts'))};`,
        `const location = { dialect: 'sqlite', file: ${JSON.stringify(database.url)} };`,
        'const db = createDatabase(location);',
        'const forgotten = new WalCheckpointer(db, location);',
        'await forgotten.onApplicationBootstrap();',
        // Stopping one, with nothing else keeping the process alive, must still finish (not exit 13).
        'const stopped = new WalCheckpointer(db, location);',
        'await stopped.onApplicationBootstrap();',
        'await stopped.stop();',
        'await db.destroy();',
      ].join('\n'),
    );
    try {
      // The child exits on its own once its work is done, or the deadline kills it and the test fails.
      const run = await runFromSources(script, [], { timeoutMs: 20_000 });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      await database.drop();
    }
  }, 30_000);
});
