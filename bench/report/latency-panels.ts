import type { BrokerBenchResult, FullFlowResult, FullFlowStep, LatencySecond } from '../bench-result.js';
import { BROKER_NAMES } from './format.js';
import type { LatencyLine, LatencyPanel } from './latency-chart-svg.js';

/**
 * What the per-second chart shows: a row per broker, a panel per database's full flow (a line per step)
 * and one for the cold start (a line per run). Of a step's repetitions it draws the one whose worst
 * second is the median: one measured line, neither the luckiest nor the unluckiest. Results written
 * before the series was measured draw nothing.
 */
export function latencyPanels(results: BrokerBenchResult[]): LatencyPanel[][] {
  return results
    .map((result) => [...fullFlowPanels(result), ...coldStartPanel(result)])
    .filter((row) => row.length > 0);
}

function fullFlowPanels(result: BrokerBenchResult): LatencyPanel[] {
  const databases = [...new Set(result.fullFlow.map((flow) => flow.database))];
  return databases.flatMap((database) => {
    const runs = result.fullFlow.filter((flow) => flow.database === database);
    const rates = [...new Set(runs.flatMap((run) => run.steps.map((step) => step.targetRate)))].sort((a, b) => a - b);
    const lines = rates.flatMap((rate) => medianRunLine(rate, runs));
    if (lines.length === 0) return [];
    const which = runs.length > 1 ? ', median run of each' : '';
    return [{ title: `${BROKER_NAMES[result.broker]}, ${database}: full-flow steps${which}`, lines }];
  });
}

function medianRunLine(rate: number, runs: FullFlowResult[]): LatencyLine[] {
  const measured = runs.flatMap((run, index) =>
    run.steps
      .filter((step): step is FullFlowStep & { latencySeries: LatencySecond[] } =>
        Boolean(step.targetRate === rate && step.latencySeries?.length),
      )
      .map((step) => ({ step, repetition: run.repetition ?? index + 1 })),
  );
  if (measured.length === 0) return [];
  const sorted = measured.sort((a, b) => worstP99(a.step) - worstP99(b.step) || a.repetition - b.repetition);
  // The lower middle one of an even count: still a run that was measured.
  const { step, repetition } = sorted[Math.floor((sorted.length - 1) / 2)];
  const label = runs.length > 1 ? `${rate}/s (run ${repetition})` : `${rate}/s`;
  return [{ label, series: step.latencySeries }];
}

function worstP99(step: FullFlowStep): number {
  return step.worstSecond?.p99Ms ?? step.postP99Ms;
}

function coldStartPanel({ broker, coldStart }: BrokerBenchResult): LatencyPanel[] {
  if (!coldStart || coldStart.runs.length === 0) return [];
  return [
    {
      title: `${BROKER_NAMES[broker]}: cold start, ${coldStart.ratePerSecond}/s from ready`,
      lines: coldStart.runs.map((run, index) => ({ label: `run ${index + 1}`, series: run.series })),
    },
  ];
}
