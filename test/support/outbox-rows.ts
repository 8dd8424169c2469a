import { createEnvelope, type EventEnvelope } from '#events';
import type { OutboxTables } from '#outbox';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/** A CloudEvent as the services write it, of any type (including one no service publishes). */
export function envelopeOf(
  type: string,
  subject: string = randomUUID(),
  data: unknown = { probe: true },
): EventEnvelope {
  return createEnvelope({ type, source: '/outbox-test', subject, data });
}

/**
 * Writes rows straight into a service's outbox, as if its use cases had committed them, `createdAt`
 * in the past so that they sit at the head of the queue.
 */
export async function insertOutboxRows(
  db: Kysely<OutboxTables>,
  envelopes: EventEnvelope[],
  createdAt = new Date(Date.now() - 3_600_000),
): Promise<void> {
  for (let start = 0; start < envelopes.length; start += 100) {
    await db
      .insertInto('outbox')
      .values(
        envelopes.slice(start, start + 100).map((envelope, index) => ({
          id: envelope.id,
          type: envelope.type,
          subject: envelope.subject,
          envelope: JSON.stringify(envelope),
          created_at: new Date(createdAt.getTime() + start + index).toISOString(),
          published_at: null,
        })),
      )
      .execute();
  }
}

/** The delivery state of the given rows, by id. */
export async function outboxState(db: Kysely<OutboxTables>, ids: string[]) {
  const rows = [];
  for (let start = 0; start < ids.length; start += 200) {
    rows.push(
      ...(await db
        .selectFrom('outbox')
        .select(['id', 'attempts', 'last_error', 'parked_at', 'published_at', 'next_attempt_at', 'leased_until'])
        .where('id', 'in', ids.slice(start, start + 200))
        .execute()),
    );
  }
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
}
