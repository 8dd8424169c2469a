/** A parked message as the dead-letter tooling shows it, the same on every broker. */
export interface DeadLetter {
  /** Where it sits, in the broker's own terms (Kafka `topic:partition:offset`, RabbitMQ `queue#messageId`). */
  locator: string;
  /** The CloudEvent id, when the body could be read as one. */
  eventId?: string;
  eventType?: string;
  reason: string;
  error: string;
  attempts: number;
  /** The topic or routing key it was consumed from, and where a replay sends it back. */
  origin: string;
  consumer: string;
  deadLetteredAt: string;
  /** Set when this message was itself a replay of an earlier dead letter. */
  replayedFrom?: string;
  body: string;
}

/** Lists a service's dead letters and sends chosen ones back to where they came from. */
export interface DeadLetterStore {
  list(): Promise<DeadLetter[]>;
  /** Re-publishes the dead letters whose event id or locator is given; returns how many went back. */
  replay(ids: string[]): Promise<number>;
  close(): Promise<void>;
}

/** Reads the x-dead-letter-* headers and the body, whatever broker carried them. */
export function describeDeadLetter(
  locator: string,
  body: Buffer,
  headers: Record<string, unknown>,
  fallbackOrigin: string,
): DeadLetter {
  const header = (name: string) => {
    const value = headers[`x-dead-letter-${name}`];
    return value === undefined || value === null ? undefined : String(value);
  };
  let event: { id?: string; type?: string } = {};
  try {
    event = JSON.parse(body.toString());
  } catch {
    // Malformed bytes are a reason to be here; they are shown as they are.
  }
  return {
    locator,
    eventId: typeof event.id === 'string' ? event.id : undefined,
    eventType: typeof event.type === 'string' ? event.type : undefined,
    // A message the broker itself dead-lettered (rejected without our headers) shows the broker's reason.
    reason: header('reason') ?? 'REJECTED_BY_BROKER',
    error: header('error') ?? '',
    attempts: Number(header('attempts') ?? 0),
    origin: header('origin') ?? fallbackOrigin,
    consumer: header('consumer') ?? '',
    deadLetteredAt: header('time') ?? '',
    replayedFrom: headers['x-replayed-from'] === undefined ? undefined : String(headers['x-replayed-from']),
    body: body.toString(),
  };
}

export function matches(deadLetter: DeadLetter, ids: ReadonlySet<string>): boolean {
  return ids.has(deadLetter.locator) || (deadLetter.eventId !== undefined && ids.has(deadLetter.eventId));
}

/** Walks a dead-letter queue once, replaying the letters `decide` picks and leaving the rest in place. */
export type DeadLetterWalk = (decide: (letter: DeadLetter) => 'keep' | 'replay') => Promise<DeadLetter[]>;

/** Replays, in one walk of the queue, the letters whose event id or locator is in `ids`; returns how many. */
export async function replayMatching(walk: DeadLetterWalk, ids: string[]): Promise<number> {
  const wanted = new Set(ids);
  const visited = await walk((letter) => (matches(letter, wanted) ? 'replay' : 'keep'));
  return visited.filter((letter) => matches(letter, wanted)).length;
}
