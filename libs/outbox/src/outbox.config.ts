import { positiveInteger, readNumber, type Env } from '#config';

/** How the outbox relay treats a row it cannot publish. */
export interface OutboxDeliverySettings {
  /** Failed attempts after which a row is parked for an operator (OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** How long one publish may take before it counts as failed (OUTBOX_PUBLISH_TIMEOUT_MS). */
  publishTimeoutMs: number;
}

/** How long consumed and published rows are kept, and how often old ones are removed. */
export interface RetentionSettings {
  inboxHours: number;
  outboxHours: number;
  /** Time between two pruning passes (PRUNE_INTERVAL_MS). */
  intervalMs: number;
}

/** The outbox's settings: delivery of its rows, and retention of its and the inbox's. */
export interface OutboxSettings {
  delivery: OutboxDeliverySettings;
  retention: RetentionSettings;
}

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  delivery: { maxAttempts: 10, publishTimeoutMs: 10_000 },
  retention: { inboxHours: 168, outboxHours: 168, intervalMs: 300_000 },
};

/** Reads the outbox and retention variables; a wrong value stops the service with a message naming it. */
export function loadOutboxSettings(env: Env = process.env): OutboxSettings {
  const { delivery, retention } = DEFAULT_OUTBOX_SETTINGS;
  return {
    delivery: {
      maxAttempts: positiveInteger(env, 'OUTBOX_MAX_ATTEMPTS', delivery.maxAttempts, 1_000),
      publishTimeoutMs: positiveInteger(env, 'OUTBOX_PUBLISH_TIMEOUT_MS', delivery.publishTimeoutMs, 600_000),
    },
    retention: {
      // An inbox row must outlive every redelivery the broker may still make (Kafka keeps 7 days by default).
      inboxHours: readNumber(env, 'INBOX_RETENTION_HOURS', retention.inboxHours, { min: 0.01, max: 87_600 }),
      outboxHours: readNumber(env, 'OUTBOX_RETENTION_HOURS', retention.outboxHours, { min: 0.01, max: 87_600 }),
      intervalMs: positiveInteger(env, 'PRUNE_INTERVAL_MS', retention.intervalMs, 86_400_000),
    },
  };
}
