import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from './database-url.js';
import { withPreparedStatementCache } from './prepared-statement-cache.js';

/** PostgreSQL connections a process opens at most, unless its composition says how many it needs. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * Opens the service's database; SQLite gets WAL and a busy timeout so readers never block the writer.
 * `poolSize` bounds the PostgreSQL connections (SQLite has one).
 */
export function createDatabase<DB>(location: DatabaseLocation, poolSize = DEFAULT_POOL_SIZE): Kysely<DB> {
  if (location.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: location.url, max: poolSize });
    // A client that loses its server (idle, or checked out between two statements of a transaction)
    // emits 'error'; unheard, that would crash the process. The next query on it reports the failure.
    const ignore = () => undefined;
    pool.on('error', ignore);
    pool.on('connect', (client) => client.on('error', ignore));
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  if (location.file !== ':memory:') mkdirSync(dirname(location.file), { recursive: true });
  const database = new SQLite(location.file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: withPreparedStatementCache(database) }) });
}
