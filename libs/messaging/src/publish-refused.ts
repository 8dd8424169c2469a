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
  return errorAndCauses(error).some((cause) => cause instanceof PublishRefused);
}

/** The error and the errors it wraps as `cause`, outermost first (at most five: a cycle must not loop). */
export function errorAndCauses(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let cause = error; cause instanceof Error && chain.length < 5; cause = cause.cause) chain.push(cause);
  return chain;
}
