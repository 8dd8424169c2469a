/**
 * One row per (customer, Idempotency-Key): which request first used the key, and the order it
 * placed. A request claims the row (order_id null, lease running) before it writes the order, and
 * sets order_id in the order's own transaction.
 */
export interface IdempotencyKeysTable {
  customer_id: string;
  idempotency_key: string;
  /** requestFingerprint of the request that claimed the key. */
  fingerprint: string;
  /** Null while the claiming request is in flight. */
  order_id: string | null;
  /** Changes on every (re)claim, so a request whose claim was taken over cannot complete it. */
  claim_token: string;
  /** Until then an unfinished claim answers 409; after it, a retry may take the key over. */
  lease_expires_at: string;
  /** The retention (IDEMPOTENCY_KEY_RETENTION_HOURS) counts from here. */
  created_at: string;
}
