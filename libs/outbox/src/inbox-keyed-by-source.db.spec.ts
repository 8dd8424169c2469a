import type { Provider } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '#testing';
import { createDatabase, DATABASE, parseDatabaseUrl, PersistenceModule } from '#persistence';
import { recordInInbox } from './inbox.js';
import { OUTBOX_MIGRATIONS } from './outbox.migrations.js';
import type { OutboxTables } from './outbox.table.js';
import { createOutboxAndInbox } from './outbox-and-inbox.migration.js';

/** What PersistenceModule.forRoot migrates on start in a service, without starting a Nest application. */
async function startPersistence(
  url: string,
  appMigrations: Record<string, { up: (db: Kysely<unknown>) => Promise<void> }>,
) {
  const module = PersistenceModule.forRoot({
    databaseUrl: url,
    migrations: { ...OUTBOX_MIGRATIONS, ...appMigrations },
  });
  const provider = (module.providers as Provider[]).find(
    (candidate) => typeof candidate === 'object' && 'provide' in candidate && candidate.provide === DATABASE,
  ) as { useFactory: () => Promise<Kysely<OutboxTables>> };
  return provider.useFactory();
}

const appTable = {
  up: (db: Kysely<unknown>) => db.schema.createTable('app_things').addColumn('id', 'integer').execute(),
};

describe.each(['sqlite', 'postgres'] as const)('inbox keyed by (source, id) on %s', (dialect) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = dialect === 'postgres' ? await postgresDatabase('inbox_migration') : sqliteDatabase('inbox-migration');
  });
  afterEach(() => database.drop());

  it("migrates a database made before it (app migration '0001-orders' already applied) and keeps its rows", async () => {
    // The database as the previous release left it: 0000 and the app's 0001 ran, with inbox rows.
    const before = createDatabase<OutboxTables>(parseDatabaseUrl(database.url));
    const old = { order: randomUUID(), answer: randomUUID() };
    try {
      await sql`CREATE TABLE kysely_migration (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL)`.execute(
        before,
      );
      await sql`CREATE TABLE kysely_migration_lock (id varchar(255) PRIMARY KEY, is_locked integer DEFAULT 0 NOT NULL)`.execute(
        before,
      );
      await createOutboxAndInbox.up(before as unknown as Kysely<unknown>);
      await appTable.up(before as unknown as Kysely<unknown>);
      const now = new Date().toISOString();
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('0000-outbox-and-inbox', ${now}), ('0001-orders', ${now})`.execute(
        before,
      );
      await sql`INSERT INTO inbox (event_id, type, processed_at) VALUES (${old.order}, 'order.created', ${now}), (${old.answer}, 'inventory.reserved', ${now})`.execute(
        before,
      );
    } finally {
      await before.destroy();
    }

    const db = await startPersistence(database.url, { '0001-orders': appTable });
    try {
      const rows = await db.selectFrom('inbox').select(['source', 'event_id', 'type']).orderBy('type').execute();
      expect(rows).toEqual([
        { source: '/inventory-service', event_id: old.answer, type: 'inventory.reserved' },
        { source: '/order-service', event_id: old.order, type: 'order.created' },
      ]);
      // A migrated row still stops a redelivery of the event it records.
      const redelivery = { source: '/order-service', id: old.order, type: 'order.created' };
      expect(await db.transaction().execute((trx) => recordInInbox(trx, redelivery))).toBe(false);
    } finally {
      await db.destroy();
    }
  });

  it('records the same id once per source, and takes ids of 128 characters', async () => {
    const db = await startPersistence(database.url, { '0001-things': appTable });
    try {
      const id = 'i'.repeat(128);
      const record = (source: string) =>
        db.transaction().execute((trx) => recordInInbox(trx, { source, id, type: 'order.created' }));
      expect(await record('/team-a')).toBe(true);
      expect(await record('/team-b')).toBe(true);
      expect(await record('/team-a')).toBe(false);
      expect(await record('/team-b')).toBe(false);
    } finally {
      await db.destroy();
    }
  });
});
