import { sql, type Kysely, type Migration } from 'kysely';

/** 0000-outbox-and-inbox: both tables as they were first made (later migrations change them). */
export const createOutboxAndInbox: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('type', 'varchar(128)', (column) => column.notNull())
      .addColumn('subject', 'varchar(128)', (column) => column.notNull())
      .addColumn('envelope', 'text', (column) => column.notNull())
      .addColumn('created_at', 'varchar(32)', (column) => column.notNull())
      .addColumn('published_at', 'varchar(32)')
      .execute();
    await db.schema
      .createIndex('outbox_pending')
      .on('outbox')
      .columns(['created_at'])
      .where(sql.ref('published_at'), 'is', null)
      .execute();
    await db.schema
      .createTable('inbox')
      .addColumn('event_id', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('type', 'varchar(128)', (column) => column.notNull())
      .addColumn('processed_at', 'varchar(32)', (column) => column.notNull())
      .execute();
  },
};
