import type { Generated } from 'kysely';

/** Events written in the same transaction as the state change that caused them. */
export interface OutboxTable {
  id: string;
  type: string;
  subject: string;
  envelope: string;
  created_at: string;
  published_at: string | null;
  /** Failed publish attempts so far (0002-outbox-delivery-state). */
  attempts: Generated<number>;
  /** Why the last attempt failed. */
  last_error: string | null;
  /** Not before this time: the backoff after a failed attempt. */
  next_attempt_at: string | null;
  /** Claimed by a relay until this time; a crashed relay's claim simply runs out. */
  leased_until: string | null;
  /** Given up after OUTBOX_MAX_ATTEMPTS: kept for an operator, never published or pruned until un-parked. */
  parked_at: string | null;
}

/** Events a consumer has already applied, by (source, id): the effect and this row commit together. */
export interface InboxTable {
  source: string;
  event_id: string;
  type: string;
  processed_at: string;
}

export interface OutboxTables {
  outbox: OutboxTable;
  inbox: InboxTable;
}
