import type { EventEnvelope } from '#events';
import type { Transaction } from 'kysely';
import type { MessagingTables } from './outbox.table.js';

/** Transactions that queued events: the unit of work wakes the relay once such a one committed. */
const transactionsWithOutboxRows = new WeakSet<object>();

export function addedOutboxRows(trx: object): boolean {
  return transactionsWithOutboxRows.has(trx);
}

/** Queues events in the caller's transaction; the relay publishes them once it commits. */
export async function addToOutbox(trx: Transaction<MessagingTables>, envelopes: EventEnvelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  transactionsWithOutboxRows.add(trx);
  await trx
    .insertInto('outbox')
    .values(
      envelopes.map((envelope) => ({
        id: envelope.id,
        type: envelope.type,
        subject: envelope.subject,
        envelope: JSON.stringify(envelope),
        created_at: new Date().toISOString(),
        published_at: null,
      })),
    )
    .execute();
}
