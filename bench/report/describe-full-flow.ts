import type { FullFlowSummary } from './full-flow-summary.js';
import { withRange } from './format.js';

/** A database's runs side by side, as the docs' table will show them: a line per step, median (range). */
export function describeFullFlowSummary(flow: FullFlowSummary): string[] {
  const sustained = (value: number) => (value === 0 ? 'none' : `${value}/s`);
  return [
    `  ${flow.database} over ${flow.runs} runs: sustained ${withRange(flow.sustainedRate, sustained)}`,
    ...flow.steps.map(
      ({ targetRate, runs, figures }) =>
        `    ${targetRate}/s (${runs} of ${flow.runs} runs): POST p99 ${withRange(figures.postP99Ms)} ms, worst second ` +
        `${withRange(figures.worstSecondP99Ms)} ms, end-to-end p99 ${withRange(figures.endToEndP99Ms)} ms, backlog ` +
        withRange(figures.backlogAtEnd, String),
    ),
  ];
}
