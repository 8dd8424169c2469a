import type { EventEnvelope } from '#events';
import type { Transaction } from 'kysely';
import type { OutboxTables } from './outbox.table.js';

/**
 * Queues events in the caller's transaction; the relay publishes them once it commits. Use cases give
 * their events to the unit of work instead, which calls this and wakes the relay after the commit.
 */
export async function addToOutbox(trx: Transaction<OutboxTables>, envelopes: EventEnvelope[]): Promise<void> {
  if (envelopes.length === 0) return;
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
