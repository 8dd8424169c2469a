import type { BrokerBenchResult, FullFlowResult, FullFlowStep, ScaleOutRun } from '../bench-result.js';
import { resultsTable } from './performance-table.js';

function result(broker: BrokerBenchResult['broker'], runs?: Array<Omit<ScaleOutRun, 'steps'>>): BrokerBenchResult {
  return {
    broker,
    startedAt: '2026-12-04T05:36:00.000Z',
    quick: false,
    machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 24, node: 'v20', os: 'Linux' },
    eventBytes: 423,
    layers: [],
    ratios: { messagingOverRaw: { publish: null, consume: null }, rawOverCeiling: { publish: null, consume: null } },
    fullFlow: [],
    ...(runs
      ? {
          scaleOut: {
            database: 'postgres',
            messagingPrefetch: 16,
            runs: runs.map((run) => ({ ...run, steps: [] as FullFlowStep[] })),
          },
        }
      : {}),
  };
}

const scaleRow = (table: string) => table.split('\n').find((line) => line.startsWith('| g. '));

describe('Performance table, layer g (scale-out)', () => {
  it('shows each instance count with every run of it: sustained / highest step kept up with', () => {
    const kafka = result('kafka', [
      { inventoryInstances: 1, sustainedRate: null, highestKeptUpRate: 250 },
      { inventoryInstances: 3, sustainedRate: 250, highestKeptUpRate: 1_000 },
      { inventoryInstances: 3, sustainedRate: 500, highestKeptUpRate: 750 },
      { inventoryInstances: 1, sustainedRate: 250, highestKeptUpRate: null },
    ]);
    expect(scaleRow(resultsTable([kafka, result('rabbitmq')]))).toBe(
      '| g. full flow on PostgreSQL, 1 vs 3 inventory-service instances (orders/s sustained / highest step kept up with, per run) ' +
        '| 1 instance: none / 250, 250 / none; 3 instances: 250 / 1,000, 500 / 750 | not run |',
    );
  });

  it('leaves the row out when no broker ran the layer', () => {
    expect(scaleRow(resultsTable([result('kafka'), result('sqs')]))).toBeUndefined();
  });
});

/** A step as a run writes it now; `old` leaves out what results from before repetitions lack. */
function step(targetRate: number, figures: Partial<FullFlowStep> & { worstP99?: number }, old = false): FullFlowStep {
  const { worstP99 = 40, ...rest } = figures;
  const base: FullFlowStep = {
    targetRate,
    durationSeconds: 20,
    placed: targetRate * 20,
    settled: targetRate * 20,
    achievedRate: targetRate,
    postP50Ms: 4,
    postP99Ms: 20,
    endToEndP50Ms: 10,
    endToEndP99Ms: 60,
    backlogAtEnd: 0,
    errors: 0,
    cpu: [
      { process: 'order-service', cpuMsPerOrder: 1, coreShare: 0.3 },
      { process: 'inventory-service', cpuMsPerOrder: 0.5, coreShare: 0.2 },
      { process: 'beam.smp', cpuMsPerOrder: 0.3, coreShare: 0.1 },
      { process: 'load-generator', cpuMsPerOrder: 0.1, coreShare: 0.05 },
    ],
    hops: {
      orders: 1,
      orderCreatedPublish: { p50Ms: 1, p99Ms: 2 },
      toInventory: { p50Ms: 1, p99Ms: 2 },
      answerPublish: { p50Ms: 1, p99Ms: 2 },
      toOrderService: { p50Ms: 1, p99Ms: 2 },
    },
  };
  if (old) return { ...base, ...rest };
  return {
    ...base,
    postP999Ms: 45,
    worstSecond: { second: 3, answered: targetRate, p50Ms: 5, p99Ms: worstP99, maxMs: worstP99 + 10 },
    endToEndP999Ms: 90,
    ...rest,
  };
}

function flow(repetition: number | undefined, sustainedRate: number | null, steps: FullFlowStep[]): FullFlowResult {
  return {
    database: 'sqlite',
    ...(repetition === undefined ? {} : { repetition }),
    singleOrderSettleP50Ms: 7 + (repetition ?? 1),
    steps,
    sustainedRate,
    profiles: [],
  };
}

const stepRows = (table: string) => table.split('\n').filter((line) => line.startsWith('| Kafka, sqlite |'));
const sustainedRow = (table: string) => table.split('\n').find((line) => line.startsWith('| d. full flow, sqlite'));

describe('Performance table, layer d (full flow) over repeated runs', () => {
  // Three runs alternating with postgres (left out): the third fell behind at 250/s and climbed no further.
  const repeated: BrokerBenchResult = {
    ...result('kafka'),
    fullFlow: [
      flow(1, 500, [
        step(250, { postP99Ms: 20, worstP99: 40, endToEndP99Ms: 60 }),
        step(500, { postP99Ms: 30, worstP99: 90, endToEndP99Ms: 100 }),
      ]),
      flow(2, 250, [
        step(250, { postP99Ms: 16, worstP99: 35, endToEndP99Ms: 50 }),
        step(500, { postP99Ms: 200, worstP99: 900, endToEndP99Ms: 400, backlogAtEnd: 12, achievedRate: 480 }),
      ]),
      flow(3, null, [step(250, { postP99Ms: 25, worstP99: 300, endToEndP99Ms: 260 })]),
    ],
  };

  it('shows per step the median with the range of POST p99, worst second and end-to-end p99, and how many runs reached it', () => {
    expect(stepRows(resultsTable([repeated]))).toEqual([
      '| Kafka, sqlite | 250 | 3 | 250 | 4 | 20 (16-25) | 45 | 40 (35-300) | 10 | 60 (50-260) | 90 | 0 (0-0) | 1.00 / 0.50 / 0.30 / 0.10 |',
      '| Kafka, sqlite | 500 | 2 of 3 | 490 | 4 | 115 (30-200) | 45 | 495 (90-900) | 10 | 250 (100-400) | 90 | 6 (0-12) | 1.00 / 0.50 / 0.30 / 0.10 |',
    ]);
  });

  it('shows the sustained rate as median and range of the runs, a run that sustained nothing counting as none', () => {
    expect(sustainedRow(resultsTable([repeated]))).toMatch(/\| 250 \(none-500\); 1 order 9 ms; 3 runs \|$/);
  });

  it('names the new columns in the header', () => {
    expect(resultsTable([repeated])).toContain(
      '| d. full flow (median (range) of the runs) | orders/s asked | runs | achieved | POST p50 ms | POST p99 ms | ' +
        'POST p99.9 ms | worst second p99 ms | end-to-end p50 ms | end-to-end p99 ms | end-to-end p99.9 ms | backlog |',
    );
  });

  it('shows the per-second chart only once a run measured a series', () => {
    const image = '![POST p99 per second of each full-flow step and cold start](../bench/results/latency.svg)';
    expect(resultsTable([repeated])).not.toContain(image);
    const series = [{ second: 0, answered: 250, p50Ms: 4, p99Ms: 20, maxMs: 22 }];
    const measured = { ...repeated, fullFlow: [flow(1, 250, [step(250, { latencySeries: series })])] };
    expect(resultsTable([measured])).toContain(image);
  });

  it('still renders results written before repetitions: one run, no range, "–" for the figures they lack', () => {
    const old: BrokerBenchResult = {
      ...result('kafka'),
      fullFlow: [flow(undefined, 1_500, [step(1_500, { postP99Ms: 180, endToEndP99Ms: 248 }, true)])],
    };
    const table = resultsTable([old]);
    expect(stepRows(table)).toEqual([
      '| Kafka, sqlite | 1500 | 1 | 1,500 | 4 | 180 | – | – | 10 | 248 | – | 0 | 1.00 / 0.50 / 0.30 / 0.10 |',
    ]);
    expect(sustainedRow(table)).toMatch(/\| 1,500; 1 order 8 ms; 1 run \|$/);
  });
});

describe('Performance table, layer h (cold start)', () => {
  const second = (p99Ms: number) => ({ second: 0, answered: 300, p50Ms: 6, p99Ms, maxMs: p99Ms });
  const coldRun = (postP99Ms: number, worstP99Ms: number, readyAfterMs: number) => ({
    readyAfterMs,
    placed: 1_500,
    errors: 0,
    postP50Ms: 6,
    postP99Ms,
    worstSecond: second(worstP99Ms),
    backlogAtEnd: 0,
    series: [second(worstP99Ms)],
  });
  const coldRow = (table: string) => table.split('\n').find((line) => line.startsWith('| h. '));

  it('shows POST p99 and the worst second as median (range), runs within the target, and when ready', () => {
    const kafka: BrokerBenchResult = {
      ...result('kafka'),
      coldStart: {
        database: 'sqlite',
        ratePerSecond: 300,
        durationSeconds: 5,
        target: { postP99Ms: 250, worstSecondP99Ms: 500 },
        runs: [coldRun(120, 200, 3_100), coldRun(300, 800, 2_900), coldRun(90, 150, 3_400)],
        postP99Ms: { median: 120, min: 90, max: 300, runs: 3 },
        worstSecondP99Ms: { median: 200, min: 150, max: 800, runs: 3 },
        runsWithinTarget: 2,
      },
    };
    expect(coldRow(resultsTable([kafka, result('sqs')]))).toBe(
      "| h. cold start on SQLite, load from the first ready second (POST p99 / worst second's p99, ms, median (range) " +
        'of the runs; target: < 250 / at most 500) | 120 (90-300) / 200 (150-800) at 300/s for 5 s; within target 2 ' +
        'of 3 runs; ready in 3.1 s | not run |',
    );
  });

  it('leaves the row out when no broker ran the layer', () => {
    expect(coldRow(resultsTable([result('kafka')]))).toBeUndefined();
  });
});
