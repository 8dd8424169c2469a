import { readFile, writeFile } from 'node:fs/promises';
import prettier from 'prettier';
import type { BrokerBenchResult, ThroughputLayer } from '../bench-result.js';
import { median } from '../spread.js';
import { BROKER_NAMES, LAYER_NAMES, medianOf, rate, times, withRange } from './format.js';
import { summariseFullFlow } from './full-flow-summary.js';
import { LATENCY_CHART } from './latency-chart-svg.js';
import { latencyPanels } from './latency-panels.js';

export const TABLE_START = '<!-- bench:table:start -->';
export const TABLE_END = '<!-- bench:table:end -->';

/** The layers-by-brokers table (msg/s, publish / consume), the ratios, the full flow and the machine. */
export function resultsTable(results: BrokerBenchResult[]): string {
  if (results.length === 0) return '_No results yet: run `npm run bench`._';
  const header = `| layer (msg/s, publish / consume) | ${results.map((result) => BROKER_NAMES[result.broker]).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---|').join('')}`;
  const rows = (Object.keys(LAYER_NAMES) as Array<keyof typeof LAYER_NAMES>).map((layer) => {
    const cells = results.map((result) => {
      const entry = result.layers.find((candidate) => candidate.layer === layer);
      if (!entry) return 'not run';
      if (!entry.available) return 'n/a';
      return `${rate(entry.publishPerSecond)} / ${rate(entry.consumePerSecond)}`;
    });
    return `| ${LAYER_NAMES[layer]} | ${cells.join(' | ')} |`;
  });
  const ratioRow = (
    label: string,
    pick: (result: BrokerBenchResult) => { publish: number | null; consume: number | null },
  ) =>
    `| ${label} | ${results.map((result) => `${times(pick(result).publish)} / ${times(pick(result).consume)}`).join(' | ')} |`;
  const flowRows = fullFlowRows(results);
  const machine = results[0]!.machine;
  const runs = results.map(
    (result) =>
      `${BROKER_NAMES[result.broker]} ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC${result.quick ? ' (quick)' : ''}, ${result.eventBytes} B events, N = ${result.layers[0]?.events ?? '–'}`,
  );
  return [
    header,
    rule,
    ...rows,
    ratioRow('e. messaging path / raw client', (result) => result.ratios.messagingOverRaw),
    ...decodingConsumerRows(results),
    ratioRow('e. raw client / ceiling', (result) => result.ratios.rawOverCeiling),
    ...flowRows,
    ...observabilityRow(results),
    ...scaleOutRow(results),
    ...coldStartRow(results),
    '',
    ...fullFlowSteps(results),
    ...latencyChartImage(results),
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; ` +
      'brokers, services and load on the same machine. Runs: ' +
      runs.join('; ') +
      '.',
  ].join('\n');
}

/**
 * Consuming against the raw client that decodes and validates as the path does: the ratio, the CPU per
 * event of each consumer, and what the path spends beyond that raw client.
 */
function decodingConsumerRows(results: BrokerBenchResult[]): string[] {
  const micros = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value.toFixed(1));
  const beyond = (value: number | null | undefined) =>
    value === null || value === undefined ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
  const cpuOf = (result: BrokerBenchResult, layer: ThroughputLayer['layer']) =>
    micros(result.layers.find((entry) => entry.layer === layer && entry.available)?.consumeCpuUsPerEvent);
  const cells = results.map(
    (result) =>
      `${cpuOf(result, 'raw-client')} / ${cpuOf(result, 'raw-client-decoding')} / ${cpuOf(result, 'messaging-path')}; ` +
      beyond(result.ratios.consumeCpuUsBeyondRawDecoding),
  );
  const overDecoding = results.map((result) => `– / ${times(result.ratios.messagingOverRawDecoding?.consume)}`);
  return [
    `| e. messaging path / raw client decoding and validating each event | ${overDecoding.join(' | ')} |`,
    `| e. consume CPU µs per event: raw / raw decoding / path; path beyond raw decoding | ${cells.join(' | ')} |`,
  ];
}

/** d: per database, the highest sustained rate and one order's settle time, over the repetitions. */
function fullFlowRows(results: BrokerBenchResult[]): string[] {
  const summaries = results.map((result) => summariseFullFlow(result.fullFlow));
  const databases = [...new Set(summaries.flat().map((summary) => summary.database))];
  return databases.map((database) => {
    const cells = summaries.map((ofBroker) => {
      const flow = ofBroker.find((summary) => summary.database === database);
      if (!flow) return 'not run';
      return (
        `${withRange(flow.sustainedRate, sustained)}; 1 order ${medianOf(flow.singleOrderSettleP50Ms)} ms; ` +
        `${flow.runs} run${flow.runs === 1 ? '' : 's'}`
      );
    });
    return (
      `| d. full flow, ${database} (orders/s sustained at end-to-end p99 < 250 ms, median (range) of the runs; ` +
      `1 order's settle p50) | ${cells.join(' | ')} |`
    );
  });
}

/** A run that sustained no step counts as 0 in the median and range. */
const sustained = (value: number) => (value === 0 ? 'none' : rate(value));

/** f: what logs and traces cost the services, at the same rate with them on and off. */
function observabilityRow(results: BrokerBenchResult[]): string[] {
  if (!results.some((result) => result.observabilityCost)) return [];
  const cells = results.map(({ observabilityCost: cost }) => {
    if (!cost) return 'not run';
    const p99s = (side: 'off' | 'on') => cost.pairs.map((pair) => pair[side].endToEndP99Ms.toFixed(0)).join(', ');
    const p99 = `e2e p99 off ${p99s('off')} ms, on ${p99s('on')} ms`;
    const share =
      cost.servicesCpuCostPercent === null
        ? '–'
        : `${cost.servicesCpuCostPercent > 0 ? '+' : ''}${cost.servicesCpuCostPercent}%`;
    return `${share} at ${cost.pairs[0].on.targetRate}/s (${cost.pairs.length} pairs); ${p99}`;
  });
  return [
    `| f. observability on vs off (services' CPU per order; logs at info, traces exported) | ${cells.join(' | ')} |`,
  ];
}

/**
 * g: per instance count, each run's sustained rate and highest step kept up with, e.g.
 * "1 instance: 250 / 500, 250 / 500; 3 instances: 500 / 750, 500 / 750" (two runs of each, in full mode).
 */
function scaleOutRow(results: BrokerBenchResult[]): string[] {
  if (!results.some((result) => result.scaleOut)) return [];
  const orNone = (value: number | null) => (value === null ? 'none' : rate(value));
  const cells = results.map(({ scaleOut }) => {
    if (!scaleOut) return 'not run';
    const counts = [...new Set(scaleOut.runs.map((run) => run.inventoryInstances))].sort((a, b) => a - b);
    return counts
      .map((count) => {
        const runs = scaleOut.runs.filter((run) => run.inventoryInstances === count);
        const figures = runs.map((run) => `${orNone(run.sustainedRate)} / ${orNone(run.highestKeptUpRate)}`);
        return `${count} instance${count === 1 ? '' : 's'}: ${figures.join(', ')}`;
      })
      .join('; ');
  });
  return [
    `| g. full flow on PostgreSQL, 1 vs 3 inventory-service instances (orders/s sustained / highest step kept up with, per run) | ${cells.join(' | ')} |`,
  ];
}

/** h: a fresh instance's first seconds under load, over the runs, against the target it should stay within. */
function coldStartRow(results: BrokerBenchResult[]): string[] {
  const measured = results.find((result) => result.coldStart)?.coldStart;
  if (!measured) return [];
  const cells = results.map(({ coldStart }) => {
    if (!coldStart) return 'not run';
    const runs = coldStart.runs.length;
    const ready = median(coldStart.runs.map((run) => run.readyAfterMs)) / 1_000;
    return (
      `${withRange(coldStart.postP99Ms)} / ${withRange(coldStart.worstSecondP99Ms)} at ${coldStart.ratePerSecond}/s ` +
      `for ${coldStart.durationSeconds} s; within target ${coldStart.runsWithinTarget} of ${runs} run${runs === 1 ? '' : 's'}; ` +
      `ready in ${ready.toFixed(1)} s`
    );
  });
  const { postP99Ms, worstSecondP99Ms } = measured.target;
  return [
    `| h. cold start on SQLite, load from the first ready second (POST p99 / worst second's p99, ms, median (range) of ` +
      `the runs; target: < ${postP99Ms} / at most ${worstSecondP99Ms}) | ${cells.join(' | ')} |`,
  ];
}

/**
 * d: every step of every broker's and database's full flow, over the runs that reached it: the median,
 * with the range (lowest-highest run) where it matters most, and where the CPU went (ms per order).
 */
function fullFlowSteps(results: BrokerBenchResult[]): string[] {
  const flows = results.flatMap((result) =>
    summariseFullFlow(result.fullFlow).map((flow) => ({ broker: result.broker, flow })),
  );
  if (flows.length === 0) return [];
  const rows = flows.flatMap(({ broker, flow }) =>
    flow.steps.map(({ targetRate, runs, figures }) => {
      const cpu = (['orderServiceCpuMs', 'inventoryServiceCpuMs', 'brokerCpuMs', 'loadCpuMs'] as const)
        .map((figure) => medianOf(figures[figure], (value) => value.toFixed(2)))
        .join(' / ');
      const cells = [
        `${BROKER_NAMES[broker]}, ${flow.database}`,
        String(targetRate),
        runs === flow.runs ? String(runs) : `${runs} of ${flow.runs}`,
        medianOf(figures.achievedRate, rate),
        medianOf(figures.postP50Ms),
        withRange(figures.postP99Ms),
        medianOf(figures.postP999Ms),
        withRange(figures.worstSecondP99Ms),
        medianOf(figures.endToEndP50Ms),
        withRange(figures.endToEndP99Ms),
        medianOf(figures.endToEndP999Ms),
        withRange(figures.backlogAtEnd, String),
        cpu,
      ];
      return `| ${cells.join(' | ')} |`;
    }),
  );
  return [
    '| d. full flow (median (range) of the runs) | orders/s asked | runs | achieved | POST p50 ms | POST p99 ms | POST p99.9 ms | ' +
      'worst second p99 ms | end-to-end p50 ms | end-to-end p99 ms | end-to-end p99.9 ms | backlog | ' +
      'CPU ms per order: order / inventory / broker / load |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

/** The per-second chart, once the results have a series for it (the bench writes it beside them). */
function latencyChartImage(results: BrokerBenchResult[]): string[] {
  if (latencyPanels(results).length === 0) return [];
  return [`![POST p99 per second of each full-flow step and cold start](../bench/results/${LATENCY_CHART})`, ''];
}

/** Replaces what is between the markers in docs/performance.md; fails if they are missing. */
export async function updatePerformanceTable(documentPath: string, results: BrokerBenchResult[]): Promise<void> {
  const document = await readFile(documentPath, 'utf8');
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${documentPath} has no ${TABLE_START} ... ${TABLE_END} markers`);
  const updated = `${document.slice(0, start + TABLE_START.length)}\n\n${resultsTable(results)}\n\n${document.slice(end)}`;
  // Formatted as `npm run lint` expects (Prettier aligns table columns).
  const options = { ...(await prettier.resolveConfig(documentPath)), parser: 'markdown' };
  await writeFile(documentPath, await prettier.format(updated, options));
}
