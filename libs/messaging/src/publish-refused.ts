/**
 * A publish that no retry can make succeed: the event itself or this service's configuration is wrong
 * for the broker (too large, not authorised, a type with no destination, not serialisable). The outbox
 * parks such a row after OUTBOX_MAX_ATTEMPTS for an operator. Every other failure is taken for the
 * broker's passing state (unreachable, a node down, a leader moving, a lost producer session) and is
 * retried for as long as it lasts.
 */
export class PublishRefused extends Error {
  override readonly name = 'PublishRefused';
}

/** Whether a failed publish was refused for good (see PublishRefused), whatever wraps it. */
export function isPublishRefused(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    if (cause instanceof PublishRefused) return true;
  }
  return false;
}
