import type { BenchDatabase, FullFlowResult, FullFlowStep, Spread } from '../bench-result.js';
import { spreadOf } from '../spread.js';

/** What each step's figure is read from; undefined where a run's results predate the figure. */
const STEP_FIGURES = {
  achievedRate: (step) => step.achievedRate,
  postP50Ms: (step) => step.postP50Ms,
  postP99Ms: (step) => step.postP99Ms,
  postP999Ms: (step) => step.postP999Ms,
  worstSecondP99Ms: (step) => step.worstSecond?.p99Ms,
  endToEndP50Ms: (step) => step.endToEndP50Ms,
  endToEndP99Ms: (step) => step.endToEndP99Ms,
  endToEndP999Ms: (step) => step.endToEndP999Ms,
  backlogAtEnd: (step) => step.backlogAtEnd,
  orderServiceCpuMs: (step) => cpuOf(step, (process) => process.startsWith('order-service')),
  inventoryServiceCpuMs: (step) => cpuOf(step, (process) => process.startsWith('inventory-service')),
  // The broker's entry is named after its process (beam.smp, java, ...): whatever is none of the others.
  brokerCpuMs: (step) => cpuOf(step, (process) => !/service|load|postgres|machine/.test(process)),
  loadCpuMs: (step) => cpuOf(step, (process) => process.startsWith('load')),
} satisfies Record<string, (step: FullFlowStep) => number | undefined>;

export type StepFigure = keyof typeof STEP_FIGURES;

/** One step rate of one database over the runs that reached it. */
export interface StepSummary {
  targetRate: number;
  /** Runs that measured this step: a run stops climbing after a step it fell behind in. */
  runs: number;
  figures: Record<StepFigure, Spread | undefined>;
}

/** One database's full flow over its repetitions. */
export interface FullFlowSummary {
  database: BenchDatabase;
  runs: number;
  /** A run that sustained no step counts as 0. */
  sustainedRate: Spread;
  singleOrderSettleP50Ms: Spread;
  steps: StepSummary[];
}

/** Per database (in the order first measured), per step rate (ascending): median and range over the runs. */
export function summariseFullFlow(flows: FullFlowResult[]): FullFlowSummary[] {
  const databases = [...new Set(flows.map((flow) => flow.database))];
  return databases.map((database) => {
    const runs = flows.filter((flow) => flow.database === database);
    const rates = [...new Set(runs.flatMap((run) => run.steps.map((step) => step.targetRate)))].sort((a, b) => a - b);
    return {
      database,
      runs: runs.length,
      sustainedRate: spreadOf(runs.map((run) => run.sustainedRate ?? 0))!,
      singleOrderSettleP50Ms: spreadOf(runs.map((run) => run.singleOrderSettleP50Ms))!,
      steps: rates.map((targetRate) => stepSummary(targetRate, runs)),
    };
  });
}

function stepSummary(targetRate: number, runs: FullFlowResult[]): StepSummary {
  const steps = runs.flatMap((run) => run.steps.filter((step) => step.targetRate === targetRate));
  const figures = Object.fromEntries(
    Object.entries(STEP_FIGURES).map(([figure, read]) => [
      figure,
      spreadOf(steps.map(read).filter((value): value is number => value !== undefined)),
    ]),
  ) as Record<StepFigure, Spread | undefined>;
  return { targetRate, runs: steps.length, figures };
}

function cpuOf(step: FullFlowStep, isProcess: (process: string) => boolean): number | undefined {
  return step.cpu.find((entry) => isProcess(entry.process))?.cpuMsPerOrder;
}
