/**
 * What a nemesis run does and when, drawn from a seed: the same seed, duration and targets give the same
 * faults in the same order, with the same targets, start times and lengths (NEMESIS_SEED replays a run).
 */

/** Faults to one broker node. */
export type BrokerFaultKind = 'stall' | 'kill' | 'clean restart' | 'partition';
export type FaultKind = BrokerFaultKind | 'service kill' | 'postgres restart';

/** In the order the report counts them. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'stall',
  'kill',
  'clean restart',
  'service kill',
  'postgres restart',
  'partition',
];

export interface ScheduledFault {
  kind: FaultKind;
  /** Planned start, from the start of the run. */
  atMs: number;
  /**
   * The pause after the fault before it in its lane: when that one takes longer to be over than planned
   * (a service slow to be ready again, say), this one starts that long after it, later than planned.
   */
  gapMs: number;
  /** How long the fault lasts: frozen, down, cut off. */
  lastsMs: number;
  /** The broker node, or the service instance (an index into all instances: order-service's first). */
  target: number;
}

export interface ScheduleTargets {
  /** The broker fault kinds this broker and machine allow. */
  brokerKinds: readonly BrokerFaultKind[];
  brokerNodes: readonly number[];
  /** Service instances that may be killed (order-service's and inventory-service's together). */
  serviceInstances: number;
  /** Whether the services' databases are PostgreSQL, which may then be restarted. */
  postgres: boolean;
}

/** How long each kind lasts, and how long it takes to be whole again after, at the most, to plan by. */
const LASTS_MS: Record<FaultKind, [number, number]> = {
  stall: [5_000, 40_000],
  kill: [3_000, 15_000],
  'clean restart': [0, 5_000],
  partition: [5_000, 40_000],
  'service kill': [500, 5_000],
  'postgres restart': [1_000, 6_000],
};
const RECOVERY_MS: Record<FaultKind, number> = {
  stall: 10_000,
  kill: 20_000,
  'clean restart': 25_000,
  partition: 15_000,
  // On Kafka a killed instance's successor joins its consumer group, and so starts serving, only once the
  // dead member's session (30 s) has run out.
  'service kill': 30_000,
  'postgres restart': 3_000,
};
/** When each lane's first fault comes, and the pauses between two faults of one lane after it. */
type Lane = 'broker' | 'service' | 'postgres';
const FIRST_MS: Record<Lane, [number, number]> = {
  broker: [1_000, 5_000],
  service: [5_000, 30_000],
  // Early enough for a short CI run to have one; seldom after, as it stops every PostgreSQL user on the machine.
  postgres: [10_000, 40_000],
};
const GAP_MS: Record<Lane, [number, number]> = {
  broker: [1_000, 5_000],
  service: [5_000, 30_000],
  postgres: [45_000, 120_000],
};

/**
 * The faults of one run: three lanes, each planned so that its faults end (with the time they take to
 * recover) within `durationMs`, and overlapping each other as they come: a service instance may be
 * killed, or PostgreSQL restarted, while a broker node is frozen.
 *
 * The broker lane has one fault at a time, and the next starts only once the cluster is whole again:
 * never more than one node down, frozen or cut off. A three-node cluster with two nodes away has no
 * quorum: Kafka with min.insync.replicas=2 refuses every write (and its KRaft controllers elect no
 * leader), RabbitMQ's quorum queues stop taking messages. That outage is by design, not a finding.
 * Its kinds come from a shuffled bag, each once before any comes again, so a short run sees them all.
 */
export function planFaults(seed: number, durationMs: number, targets: ScheduleTargets): ScheduledFault[] {
  const random = seededRandom(seed);
  const between = ([low, high]: [number, number]) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(choices: readonly T[]) => choices[Math.floor(random() * choices.length)];
  const faults: ScheduledFault[] = [];

  const lane = (name: Lane, next: () => { kind: FaultKind; target: number } | undefined) => {
    for (let gapMs = between(FIRST_MS[name]), atMs = gapMs; ; gapMs = between(GAP_MS[name]), atMs += gapMs) {
      const fault = next();
      if (!fault) return;
      // Cut short to end in time where it can still last its least: a short run still sees each lane act.
      const lastsMs = Math.min(between(LASTS_MS[fault.kind]), durationMs - atMs - RECOVERY_MS[fault.kind]);
      if (lastsMs < LASTS_MS[fault.kind][0]) return;
      faults.push({ ...fault, atMs, gapMs, lastsMs });
      atMs += lastsMs + RECOVERY_MS[fault.kind];
    }
  };

  let bag: BrokerFaultKind[] = [];
  lane('broker', () => {
    if (targets.brokerKinds.length === 0) return undefined;
    if (bag.length === 0) bag = shuffled(targets.brokerKinds, random);
    return { kind: bag.shift()!, target: pick(targets.brokerNodes) };
  });
  lane('service', () =>
    targets.serviceInstances > 0
      ? { kind: 'service kill', target: Math.floor(random() * targets.serviceInstances) }
      : undefined,
  );
  lane('postgres', () => (targets.postgres ? { kind: 'postgres restart', target: 0 } : undefined));
  return faults.sort((a, b) => a.atMs - b.atMs);
}

/** A seed for a run that was given none: 31 bits, printed so that it can be given next time. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

/** mulberry32: a small, well-mixed 32-bit generator; Math.random cannot be seeded. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}
