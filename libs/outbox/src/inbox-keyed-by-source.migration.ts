import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Migration 0001: the inbox deduplicates on (source, event id), which is what CloudEvents defines
 * as unique, instead of the id alone, and takes ids up to 128 characters. Rows recorded before are
 * given the source of their type's publisher at the time (a snapshot, as a migration must be: it is
 * not to follow later changes); a row of any other type gets '' as its source, which no event has.
 */
export const keyInboxBySource: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('inbox_keyed_by_source')
      .addColumn('source', 'varchar(256)', (column) => column.notNull())
      .addColumn('event_id', 'varchar(128)', (column) => column.notNull())
      .addColumn('type', 'varchar(128)', (column) => column.notNull())
      .addColumn('processed_at', 'varchar(32)', (column) => column.notNull())
      .addPrimaryKeyConstraint('inbox_source_event_id_pkey', ['source', 'event_id'])
      .execute();
    await sql`
      INSERT INTO inbox_keyed_by_source (source, event_id, type, processed_at)
      SELECT CASE type
               WHEN 'order.created' THEN '/order-service'
               WHEN 'inventory.reserved' THEN '/inventory-service'
               WHEN 'inventory.rejected' THEN '/inventory-service'
               ELSE ''
             END,
             event_id, type, processed_at
      FROM inbox`.execute(db);
    await db.schema.dropTable('inbox').execute();
    await db.schema.alterTable('inbox_keyed_by_source').renameTo('inbox').execute();
  },
};
