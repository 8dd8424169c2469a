import type { Transaction } from 'kysely';
import type { MessagingTables } from './outbox.table.js';

/**
 * Records the event as processed in the caller's transaction.
 * Returns false when it already was, so the caller skips the effect: redeliveries change nothing.
 */
export async function recordInInbox(
  trx: Transaction<MessagingTables>,
  event: { id: string; type: string },
): Promise<boolean> {
  const result = await trx
    .insertInto('inbox')
    .values({ event_id: event.id, type: event.type, processed_at: new Date().toISOString() })
    .onConflict((conflict) => conflict.column('event_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
