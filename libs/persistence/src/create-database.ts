import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from './database-url.js';

/** Opens the service's database; SQLite gets WAL and a busy timeout so readers never block the writer. */
export function createDatabase<DB>(location: DatabaseLocation): Kysely<DB> {
  if (location.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: location.url, max: 10 });
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  if (location.file !== ':memory:') mkdirSync(dirname(location.file), { recursive: true });
  const database = new SQLite(location.file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
}
