import { sql, type Kysely, type Migration } from 'kysely';

/**
 * 0002-outbox-delivery-state: what the relay needs so that a row it cannot publish never blocks the
 * others (attempts, last error, backoff, parking), a claim that expires on its own (lease), and the
 * indexes the relay, the parked-row API and the retention pruner read by.
 */
export const addOutboxDeliveryState: Migration = {
  async up(db: Kysely<unknown>) {
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    await db.schema
      .alterTable('outbox')
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    for (const name of ['next_attempt_at', 'leased_until', 'parked_at']) {
      await db.schema.alterTable('outbox').addColumn(name, 'varchar(32)').execute();
    }
    await db.schema.alterTable('outbox').addColumn('last_error', 'text').execute();

    // The relay's queue: rows still to publish and not parked, oldest first.
    await db.schema.dropIndex('outbox_pending').execute();
    await db.schema
      .createIndex('outbox_deliverable')
      .on('outbox')
      .columns(['created_at'])
      .where(sql<boolean>`published_at is null and parked_at is null`)
      .execute();
    await db.schema
      .createIndex('outbox_parked')
      .on('outbox')
      .columns(['parked_at'])
      .where(sql.ref('parked_at'), 'is not', null)
      .execute();
    // The pruner's: published rows by age, processed inbox rows by age.
    await db.schema
      .createIndex('outbox_published')
      .on('outbox')
      .columns(['published_at'])
      .where(sql.ref('published_at'), 'is not', null)
      .execute();
    await db.schema.createIndex('inbox_processed_at').on('inbox').columns(['processed_at']).execute();
  },
};
