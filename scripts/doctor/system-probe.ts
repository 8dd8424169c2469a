import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import type { PostgresAnswer, Probe } from './probe.js';

/** The real machine, as `npm run doctor` sees it from the repository root. */
export function systemProbe(repositoryRoot: string, env: NodeJS.ProcessEnv = process.env): Probe {
  const which = (command: string) =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((directory) => join(directory, command))
      .find(isExecutable);
  return {
    env,
    nodeVersion: process.version,
    isRoot: process.getuid?.() === 0,
    which,
    output(command, args) {
      const path = which(command);
      if (!path) return undefined;
      // Java and Maven may take a few seconds to start; an answer never takes longer.
      const run = spawnSync(path, args, { env, encoding: 'utf8', timeout: 20_000 });
      return run.status === 0 ? `${run.stdout}${run.stderr}` : undefined;
    },
    portAnswers,
    postgres,
    nodeModulesProblem: () => nodeModulesProblem(repositoryRoot),
    list: (directory) => (existsSync(directory) ? readdirSync(directory) : []),
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const answer = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.once('connect', () => answer(true));
    socket.once('timeout', () => answer(false));
    socket.once('error', () => answer(false));
  });
}

async function postgres(url: string): Promise<PostgresAnswer> {
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      // The tests create a database per run (libs/testing's test-databases.ts).
      const { rows } = await client.query<{ version: string; may_create: boolean }>(
        `select current_setting('server_version') as version,
                (select rolcreatedb or rolsuper from pg_roles where rolname = current_user) as may_create`,
      );
      return { answers: true, version: rows[0]!.version, mayCreateDatabases: rows[0]!.may_create };
    } finally {
      await client.end();
    }
  } catch (error) {
    return { answers: false, error: (error as Error).message || String(error) };
  }
}

/** npm ci done, and its one native addon built for this Node (a Node switched since then refuses it). */
function nodeModulesProblem(repositoryRoot: string): string | undefined {
  if (!existsSync(join(repositoryRoot, 'node_modules', '.package-lock.json'))) return 'node_modules is missing';
  try {
    const SQLite = createRequire(join(repositoryRoot, 'package.json'))('better-sqlite3');
    new SQLite(':memory:').close();
    return undefined;
  } catch (error) {
    return `better-sqlite3 does not load: ${(error as Error).message.split('\n')[0]}`;
  }
}
