import { sql, type Kysely } from 'kysely';

/**
 * Makes every row update of `table` take `ms` on PostgreSQL, as on a saturated machine: a transaction
 * then holds its first row while the others reach theirs, so lock orders that can deadlock do.
 */
export async function slowRowUpdates(db: Kysely<unknown>, table: string, ms: number): Promise<void> {
  await sql`create or replace function slow_row_update() returns trigger language plpgsql as
    ${sql.raw(`$$ begin perform pg_sleep(${ms / 1_000}); return new; end $$`)}`.execute(db);
  await sql`create trigger slow_row_update before update on ${sql.table(table)}
    for each row execute function slow_row_update()`.execute(db);
}
