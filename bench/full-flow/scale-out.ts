import type { BenchBroker, FullFlowStep, ScaleOut, ScaleOutRun } from '../bench-result.js';
import { measureFullFlow } from './index.js';
import { clearlyFailed } from './load-step.js';

export interface ScaleOutOptions {
  broker: BenchBroker;
  quick: boolean;
  progress: (line: string) => void;
}

/** The same ladder for every instance count, so that their steps compare one to one. */
const FULL = { rates: [250, 500, 750, 1_000], durationSeconds: 20 };
/** One short step: the layer's share of the quick bench's time stays small. */
const QUICK = { rates: [250], durationSeconds: 3 };
const CPU_COLUMNS = ['order-service', 'inventory-service', 'postgresql'];
/**
 * Messages each process handles at once, in both runs. A service's pool opens up to this + 4
 * PostgreSQL connections: at the default 32, four processes want 144 and PostgreSQL's default 100
 * refused the rest ("too many clients"), which stalled the three-instance run. 16: four pools want 80.
 */
export const SCALE_OUT_PREFETCH = 16;

/**
 * inventory-service instances per run, in the order measured. The full run goes 1, 3, 3, 1: this
 * machine's speed drifts, and the mirrored order cancels a steady drift out of the comparison.
 */
export function scaleOutInstanceCounts(quick: boolean): number[] {
  return quick ? [1, 3] : [1, 3, 3, 1];
}

/**
 * Layer g: the full flow on PostgreSQL with one inventory-service instance, then three, sharing its
 * database (order-service: one instance throughout), at the same rates.
 */
export async function measureScaleOut(options: ScaleOutOptions): Promise<ScaleOut> {
  const plan = options.quick ? QUICK : FULL;
  const counts = scaleOutInstanceCounts(options.quick);
  options.progress(
    `scale-out: full flow on postgres with ${counts.join(', ')} inventory-service instances in turn, ` +
      `MESSAGING_PREFETCH=${SCALE_OUT_PREFETCH}`,
  );
  const runs: ScaleOutRun[] = [];
  for (const inventoryInstances of counts) {
    options.progress(`${instances(inventoryInstances)} ...`);
    const flow = await measureFullFlow({
      broker: options.broker,
      database: 'postgres',
      quick: options.quick,
      profile: false,
      progress: options.progress,
      rates: plan.rates,
      durationSeconds: plan.durationSeconds,
      inventoryInstances,
      env: { MESSAGING_PREFETCH: String(SCALE_OUT_PREFETCH) },
    });
    runs.push(scaleOutRun(inventoryInstances, flow));
  }
  // Side by side at the end: the runs' own lines are far apart in the output.
  options.progress('1 vs 3 inventory-service instances on PostgreSQL:');
  runs.flatMap(describeScaleOutRun).forEach((line) => options.progress(line));
  return { database: 'postgres', messagingPrefetch: SCALE_OUT_PREFETCH, runs };
}

/** What one instance count achieved, from its full-flow run. */
export function scaleOutRun(
  inventoryInstances: number,
  flow: { sustainedRate: number | null; steps: FullFlowStep[] },
): ScaleOutRun {
  const keptUp = flow.steps.filter((step) => step.placed > 0 && !clearlyFailed(step));
  return {
    inventoryInstances,
    sustainedRate: flow.sustainedRate,
    highestKeptUpRate: keptUp.length > 0 ? Math.max(...keptUp.map((step) => step.targetRate)) : null,
    steps: flow.steps,
  };
}

/** A run's headline, then a line per step: achieved rate, end-to-end latency, backlog, CPU per order. */
export function describeScaleOutRun(run: ScaleOutRun): string[] {
  const orNone = (rate: number | null) => (rate === null ? 'none' : `${rate}/s`);
  const cpu = (step: FullFlowStep, process: string) =>
    step.cpu.find((entry) => entry.process === process)?.cpuMsPerOrder.toFixed(2) ?? '–';
  return [
    `  ${instances(run.inventoryInstances)}: sustained ${orNone(run.sustainedRate)}, kept up with ${orNone(run.highestKeptUpRate)}`,
    ...run.steps.map(
      (step) =>
        `    ${step.targetRate}/s: achieved ${step.achievedRate}/s, end-to-end p50 ${step.endToEndP50Ms} / p99 ` +
        `${step.endToEndP99Ms} ms, backlog ${step.backlogAtEnd}, CPU ms per order ${CPU_COLUMNS.join(' / ')}: ` +
        CPU_COLUMNS.map((process) => cpu(step, process)).join(' / '),
    ),
  ];
}

function instances(count: number): string {
  return `${count} inventory-service instance${count === 1 ? '' : 's'}`;
}
