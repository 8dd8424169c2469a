/**
 * Tells an outage of shared infrastructure (the database is down) from a failure of one message.
 * An outage is retried for as long as it lasts, never dead-lettered: the message is fine, the world is not.
 */
export type TransientErrorClassifier = (error: unknown) => boolean;

export const TRANSIENT_ERROR_CLASSIFIER = Symbol('TRANSIENT_ERROR_CLASSIFIER');
