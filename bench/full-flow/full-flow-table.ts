import { HOP_NAMES } from './hop-names.js';
import type { FullFlowRun } from './index.js';
import { formatSeries } from './latency-series.js';

/** The run as a person reads it: one line per step, then CPU per order per process. */
export function formatFullFlowTable(run: FullFlowRun): string {
  const lines = [
    `full flow on ${run.broker} + ${run.database}: single order p50 ${run.singleOrderSettleP50Ms} ms; ` +
      `sustained ${run.sustainedRate ?? 'none'} orders/s (end-to-end p99 < 250 ms, no backlog)`,
    '',
    row([
      'target/s',
      'achieved/s',
      'placed',
      'errors',
      'POST p50',
      'POST p99',
      'POST p99.9',
      'worst s p99',
      'e2e p50',
      'e2e p99',
      'e2e p99.9',
      'backlog',
    ]),
  ];
  for (const step of run.steps)
    lines.push(
      row([
        step.targetRate,
        step.achievedRate,
        step.placed,
        step.errors,
        step.postP50Ms,
        step.postP99Ms,
        step.postP999Ms ?? '-',
        step.worstSecond?.p99Ms ?? '-',
        step.endToEndP50Ms,
        step.endToEndP99Ms,
        step.endToEndP999Ms ?? '-',
        step.backlogAtEnd,
      ]),
    );
  lines.push('', 'POST p99 per second of the load, ms (by due time; - where nothing was answered)');
  for (const step of run.steps)
    lines.push(`${String(step.targetRate).padStart(9)} ${formatSeries(step.latencySeries ?? [])}`);
  const processes = [...new Set(run.steps.flatMap((step) => step.cpu.map((entry) => entry.process)))];
  lines.push('', 'CPU ms per order (share of one core while loaded)');
  lines.push(row(['target/s', ...processes, 'total', 'machine busy'], 22));
  for (const step of run.steps) {
    const cells = processes.map((name) => {
      const entry = step.cpu.find((candidate) => candidate.process === name);
      return entry ? `${entry.cpuMsPerOrder.toFixed(3)} (${entry.coreShare.toFixed(2)})` : '-';
    });
    const total = step.cpu.reduce((sum, entry) => sum + entry.cpuMsPerOrder, 0);
    const share = step.cpu.reduce((sum, entry) => sum + entry.coreShare, 0);
    lines.push(
      row([step.targetRate, ...cells, `${total.toFixed(3)} (${share.toFixed(2)})`, `${step.machineCoreShare}`], 22),
    );
  }
  lines.push('', "Where end-to-end time goes, p50 / p99 ms (from the services' outbox and inbox rows)");
  lines.push(row(['target/s', 'orders', ...HOP_NAMES.map(([, label]) => label)], 22));
  for (const step of run.steps)
    lines.push(
      row(
        [
          step.targetRate,
          step.hops.orders,
          ...HOP_NAMES.map(([hop]) => `${step.hops[hop].p50Ms} / ${step.hops[hop].p99Ms}`),
        ],
        22,
      ),
    );
  return lines.join('\n');
}

function row(cells: Array<string | number>, width = 11): string {
  return cells.map((cell, index) => String(cell).padStart(index === 0 ? 9 : width)).join(' ');
}
