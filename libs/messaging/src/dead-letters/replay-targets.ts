import { SUBSCRIPTIONS } from '#events';

/** The event types some service consumes: the only destinations a replay may send to. */
export const REPLAYABLE_TYPES: ReadonlySet<string> = new Set(Object.values(SUBSCRIPTIONS).flat());

/**
 * Why a letter may not be replayed to `origin`, or undefined when it may. The origin comes from the
 * letter's own headers, which anyone able to write to the dead-letter destination can set; a replay
 * must never become a way to publish to an arbitrary topic or routing key.
 */
export function replayRefusal(origin: string): string | undefined {
  if (REPLAYABLE_TYPES.has(origin)) return undefined;
  // SNS/SQS: a message whose topic nothing tells carries the service's name as its origin.
  if (origin === '') return 'nothing tells which event type it was consumed as; not replayed';
  return `its origin "${origin}" is not an event type any service consumes (${[...REPLAYABLE_TYPES].join(', ')}); not replayed`;
}
