import type { EventEnvelope } from '#events';

/**
 * What the outbox relay needs from a broker, whichever it is: the composition binds it (in the
 * services, to libs/messaging's publisher and broker health) under OUTBOX_PUBLISHER.
 */
export interface OutboxPublisher {
  /** Resolves only once the broker has confirmed the event; rejects when it refused it. */
  publish(envelope: EventEnvelope): Promise<void>;
  /** Whether the broker answers: tells an outage (wait, count nothing) from events it refuses. */
  reachable(): Promise<boolean>;
  /**
   * Whether a publish failed for a reason no retry fixes (the event is too large, the service is not
   * authorised, ...): only such rows are ever parked.
   */
  refusedForGood(error: unknown): boolean;
}
