import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct statements kept prepared: the hot paths use a few dozen; `IN (?, ?, ...)` lists add more. */
const CAPACITY = 512;

/**
 * The SQLite connection as Kysely sees it, with each statement prepared once and reused.
 * Kysely prepares every query it runs, and preparing cost about as much as running the short
 * statements of the order flow. Least recently used statements are dropped beyond CAPACITY.
 * Reuse is safe because Kysely runs one query at a time on its single SQLite connection.
 */
export function withPreparedStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= CAPACITY) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
