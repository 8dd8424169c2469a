import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTBOX_MIGRATIONS, type OutboxTables } from '#outbox';
import { createDatabase, migrateDatabase, parseDatabaseUrl } from '#persistence';
import type { Kysely } from 'kysely';
import { runFromSources } from '#testing';

/** `npm run dead-letters -- parked ...` as an operator runs it, on a service database with parked rows. */
describe('dead-letters parked (outbox rows the relay gave up on)', () => {
  let folder: string;
  let databaseUrl: string;
  let db: Kysely<OutboxTables>;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'parked-outbox-'));
    databaseUrl = join(folder, 'order-service.sqlite');
    db = createDatabase<OutboxTables>(parseDatabaseUrl(databaseUrl));
    await migrateDatabase(db as Kysely<unknown>, OUTBOX_MIGRATIONS);
    const row = (id: string, parked: boolean) => ({
      id,
      type: 'order.created',
      subject: `subject-${id}`,
      envelope: '{}',
      created_at: '2026-01-01T00:00:00.000Z',
      published_at: null,
      attempts: parked ? 10 : 0,
      last_error: parked ? 'broker refused: \u001b[31mtoo large\u001b[0m' : null,
      next_attempt_at: null,
      leased_until: null,
      parked_at: parked ? '2026-01-01T00:10:00.000Z' : null,
    });
    await db
      .insertInto('outbox')
      .values([row('parked-1', true), row('parked-2', true), row('pending-1', false)])
      .execute();
  });

  afterAll(async () => {
    await db?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  /** From the sources, as the unit tests need no build; fails as the command failed. */
  const cli = async (...args: string[]) => {
    const run = await runFromSources('scripts/dead-letters.ts', ['parked', ...args], {
      env: { DATABASE_URL: databaseUrl },
    });
    if (run.code !== 0) throw Object.assign(new Error(`dead-letters parked exited ${run.code}: ${run.stderr}`), run);
    return run;
  };

  it('lists only parked rows, with their attempts and last error, escaping control characters', async () => {
    const { stdout } = await cli('list', '--service', 'order-service');
    expect(stdout).toContain('2 parked outbox row(s) of order-service');
    expect(stdout).toContain('parked-1');
    expect(stdout).toContain('after 10 attempt(s)');
    expect(stdout).not.toContain('pending-1');
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toContain('\\x1b[31mtoo large');

    const { stdout: json } = await cli('list', '--json');
    const rows = json
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; lastError: string });
    expect(rows.map((row) => row.id)).toEqual(['parked-1', 'parked-2']);
    expect(rows[0].lastError).toContain('too large');
  }, 60_000);

  it('retry puts the named rows back in the relay queue with fresh attempts', async () => {
    const { stdout } = await cli('retry', 'parked-1', 'unknown-id');
    expect(stdout).toContain('1 parked outbox row(s) of order-service back');
    const rows = await db.selectFrom('outbox').select(['id', 'parked_at', 'attempts']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'parked-1', parked_at: null, attempts: 0 },
      { id: 'parked-2', parked_at: '2026-01-01T00:10:00.000Z', attempts: 10 },
      { id: 'pending-1', parked_at: null, attempts: 0 },
    ]);
  }, 60_000);

  it('refuses a retry that names nothing, with the usage', async () => {
    await expect(cli('retry')).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
