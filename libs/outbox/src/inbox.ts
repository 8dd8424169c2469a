import type { Transaction } from 'kysely';
import type { OutboxTables } from './outbox.table.js';

/**
 * Records the event as processed in the caller's transaction.
 * Returns false when it already was, so the caller skips the effect: redeliveries change nothing.
 * An event is identified by its source and id together (CloudEvents: ids are unique per source),
 * so two producers that happen to pick the same id do not cancel each other out.
 */
export async function recordInInbox(
  trx: Transaction<OutboxTables>,
  event: { source: string; id: string; type: string },
): Promise<boolean> {
  const result = await trx
    .insertInto('inbox')
    .values({ source: event.source, event_id: event.id, type: event.type, processed_at: new Date().toISOString() })
    .onConflict((conflict) => conflict.columns(['source', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
