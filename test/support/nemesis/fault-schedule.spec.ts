import { planFaults, type BrokerFaultKind, type ScheduleTargets } from './fault-schedule.js';

const CLUSTER: ScheduleTargets = {
  brokerKinds: ['stall', 'kill', 'clean restart', 'partition'],
  brokerNodes: [1, 2, 3],
  serviceInstances: 2,
  postgres: true,
};
const BROKER_KINDS = new Set<string>(CLUSTER.brokerKinds);
const SEEDS = [1, 2, 3, 42, 264_978_216, 2 ** 31 - 1];

describe('the nemesis fault schedule', () => {
  it('is the same for the same seed (NEMESIS_SEED replays a run), and another for another seed', () => {
    expect(planFaults(42, 600_000, CLUSTER)).toEqual(planFaults(42, 600_000, CLUSTER));
    expect(planFaults(43, 600_000, CLUSTER)).not.toEqual(planFaults(42, 600_000, CLUSTER));
  });

  it.each(SEEDS)('seed %i: never two broker faults at once, each planned to be over within the duration', (seed) => {
    const broker = planFaults(seed, 600_000, CLUSTER).filter((fault) => BROKER_KINDS.has(fault.kind));
    for (const [index, fault] of broker.entries()) {
      expect(fault.atMs + fault.lastsMs).toBeLessThanOrEqual(600_000);
      if (index > 0) expect(fault.atMs).toBeGreaterThanOrEqual(broker[index - 1].atMs + broker[index - 1].lastsMs);
    }
  });

  // 1215366133 drew none when a fault that did not fit ended its lane.
  it.each([...SEEDS, 1_215_366_133])(
    'seed %i: a minute (the CI run) has a broker fault, cut short to end in time if need be',
    (seed) => {
      const faults = planFaults(seed, 60_000, CLUSTER);
      expect(faults.some((fault) => BROKER_KINDS.has(fault.kind))).toBe(true);
      for (const fault of faults) expect(fault.atMs + fault.lastsMs).toBeLessThanOrEqual(60_000);
    },
  );

  it.each(SEEDS)('seed %i: every broker fault kind comes once before any comes again', (seed) => {
    const kinds = planFaults(seed, 600_000, CLUSTER)
      .map((fault) => fault.kind)
      .filter((kind): kind is BrokerFaultKind => BROKER_KINDS.has(kind));
    for (let start = 0; start + 4 <= kinds.length; start += 4)
      expect(new Set(kinds.slice(start, start + 4)).size).toBe(4);
  });

  it('10 minutes see every kind, faults overlapping across lanes; a broker without peers gets stalls only', () => {
    const faults = planFaults(7, 600_000, CLUSTER);
    expect(new Set(faults.map((fault) => fault.kind))).toEqual(
      new Set(['stall', 'kill', 'clean restart', 'partition', 'service kill', 'postgres restart']),
    );
    const overlapping = faults.some((fault, index) =>
      faults.slice(index + 1).some((later) => later.atMs < fault.atMs + fault.lastsMs),
    );
    expect(overlapping).toBe(true);
    const single = planFaults(7, 600_000, { ...CLUSTER, brokerKinds: ['stall'], brokerNodes: [1] });
    expect(new Set(single.filter((fault) => BROKER_KINDS.has(fault.kind)).map((fault) => fault.kind))).toEqual(
      new Set(['stall']),
    );
  });
});
