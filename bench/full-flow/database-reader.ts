import { createDatabase, parseDatabaseUrl } from '#persistence';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

/** A service's database opened by the bench, to read it straight without HTTP load. */
export interface DatabaseReader<Tables> {
  db: Kysely<Tables>;
  /** The PostgreSQL backend serving this reader, so its CPU is not counted as the services'. */
  backendPid: number | undefined;
}

export async function openDatabaseReader<Tables>(databaseUrl: string): Promise<DatabaseReader<Tables>> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.dialect !== 'postgres') return { db: createDatabase<Tables>(location), backendPid: undefined };
  // One connection, so that one backend pid is all the bench adds to the server.
  const pool = new pg.Pool({ connectionString: location.url, max: 1 });
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
  return { db, backendPid: rows[0].pid };
}
