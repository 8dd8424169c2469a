import type { Kysely } from 'kysely';
import type { OutboxTables } from './outbox.table.js';

/** An outbox row the relay gave up on after OUTBOX_MAX_ATTEMPTS, as an operator sees it. */
export interface ParkedOutboxRow {
  id: string;
  type: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  parkedAt: string;
}

/** Parked rows, oldest parked first. */
export async function listParkedOutboxRows(
  db: Kysely<OutboxTables>,
  { limit = 100 }: { limit?: number } = {},
): Promise<ParkedOutboxRow[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'type', 'subject', 'attempts', 'last_error', 'created_at', 'parked_at'])
    .where('parked_at', 'is not', null)
    .orderBy('parked_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    subject: row.subject,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: row.created_at,
    parkedAt: row.parked_at!,
  }));
}

/**
 * Puts parked rows back in the relay's queue with a fresh set of attempts; the relay of the running
 * service picks them up at its next poll. The last error stays until the next attempt replaces it.
 * Returns how many rows were un-parked (ids that are unknown or not parked are ignored).
 */
export async function unparkOutboxRows(db: Kysely<OutboxTables>, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('outbox')
    .set({ parked_at: null, attempts: 0, next_attempt_at: null, leased_until: null })
    .where('parked_at', 'is not', null)
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Un-parks every parked row; returns how many. */
export async function unparkAllOutboxRows(db: Kysely<OutboxTables>): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ parked_at: null, attempts: 0, next_attempt_at: null, leased_until: null })
    .where('parked_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
