import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The PostgreSQL server the tests may create databases on (trust auth on this machine and in CI). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database of its own for one service in one run, dropped afterwards: runs never share state. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function sqliteDatabase(label: string): TestDatabase {
  const directory = mkdtempSync(join(tmpdir(), `${label}-`));
  return {
    url: join(directory, 'service.sqlite'),
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

export async function postgresDatabase(label: string): Promise<TestDatabase> {
  const name = `${label.replace(/\W/g, '_')}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
