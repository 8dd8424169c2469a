import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { benchEventBytes } from './bench-event.js';
import { parseBenchOptions, USAGE, type BenchOptions } from './bench-options.js';
import type { BenchBroker, BrokerBenchResult, FullFlowResult, ThroughputLayer } from './bench-result.js';
import { checkBrokerAnswers } from './brokers-answer.js';
import { measureCeiling } from './ceiling/index.js';
import { measureColdStartLayer } from './full-flow/cold-start-layer.js';
import { measureFullFlow } from './full-flow/index.js';
import { measureObservabilityCost } from './full-flow/observability-cost.js';
import { measureScaleOut } from './full-flow/scale-out.js';
import { benchMessagingConfig, type LayerContext } from './layer-context.js';
import { describeMachine } from './machine.js';
import { measureMessagingPath } from './messaging-path/index.js';
import { Progress } from './progress.js';
import { alternatedRepetitions } from './repetitions.js';
import { layerRatios } from './ratios.js';
import { measureRawClient } from './raw-client/index.js';
import { throughputChart } from './report/chart-svg.js';
import { LATENCY_CHART, latencyChart } from './report/latency-chart-svg.js';
import { latencyPanels } from './report/latency-panels.js';
import { describeFullFlowSummary } from './report/describe-full-flow.js';
import { summariseFullFlow } from './report/full-flow-summary.js';
import { updatePerformanceTable } from './report/performance-table.js';
import { readResults, writeResult } from './report/results-files.js';

const ROOT = resolve(import.meta.dirname, '..');
const DEFAULT_RESULTS = join(ROOT, 'bench', 'results');

/** Runs the bench; resolves to the process exit code. */
export async function runBench(argv: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const progress = new Progress();
  for (const broker of options.brokers) {
    try {
      await checkBrokerAnswers(broker);
    } catch (error) {
      console.error((error as Error).message);
      return 1;
    }
  }
  const resultsDir = options.resultsDir ? resolve(options.resultsDir) : DEFAULT_RESULTS;
  for (const broker of options.brokers) {
    progress.line(`== ${broker} (${options.events} events per layer${options.quick ? ', quick' : ''})`);
    const result = await benchBroker(broker, options, progress);
    const file = await writeResult(resultsDir, result);
    progress.line(`wrote ${relative(process.cwd(), file)}`);
  }
  const results = await readResults(resultsDir);
  const chart = join(resultsDir, 'chart.svg');
  await writeFile(chart, throughputChart(results));
  progress.line(`wrote ${relative(process.cwd(), chart)}`);
  const panels = latencyPanels(results);
  // Only once a run measured a series: results from before it have none to draw.
  if (panels.length > 0) {
    const latencyFile = join(resultsDir, LATENCY_CHART);
    await writeFile(latencyFile, latencyChart(panels));
    progress.line(`wrote ${relative(process.cwd(), latencyFile)}`);
  }
  // Only when asked: a trial run must not leave the committed documentation changed.
  if (options.updateReadme) {
    await updatePerformanceTable(join(ROOT, 'docs', 'performance.md'), results);
    progress.line('updated the table in docs/performance.md');
  }
  return 0;
}

async function benchBroker(broker: BenchBroker, options: BenchOptions, progress: Progress): Promise<BrokerBenchResult> {
  const eventBytes = benchEventBytes();
  const context: LayerContext = {
    broker,
    messaging: benchMessagingConfig(broker, 'bench'),
    events: options.events,
    eventBytes,
    runId: `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`,
    root: ROOT,
    progress,
  };
  const startedAt = new Date().toISOString();
  const layers: ThroughputLayer[] = [];
  if (options.layers.includes('ceiling')) layers.push(await measureCeiling(context));
  if (options.layers.includes('raw')) {
    layers.push(await measureRawClient(context, 'count'));
    layers.push(await measureRawClient(context, 'decode'));
  }
  if (options.layers.includes('path')) layers.push(await measureMessagingPath(context));
  const fullFlow: FullFlowResult[] = [];
  if (options.layers.includes('flow')) {
    for (const { database, repetition } of alternatedRepetitions(options.databases, options.repeat)) {
      progress.line(`${broker} full flow on ${database}, run ${repetition} of ${options.repeat} ...`);
      const run = await measureFullFlow({
        broker,
        database,
        quick: options.quick,
        profile: options.profile,
        progress: progress.line,
      });
      fullFlow.push({ repetition, ...run });
    }
    if (options.repeat > 1) {
      // Side by side at the end: each run's own lines are far apart in the output.
      progress.line(`${broker} full flow, median (range) of the runs:`);
      summariseFullFlow(fullFlow).flatMap(describeFullFlowSummary).forEach(progress.line);
    }
  }
  return {
    broker,
    startedAt,
    quick: options.quick,
    machine: describeMachine(),
    eventBytes: eventBytes.length,
    layers,
    ratios: layerRatios(layers),
    fullFlow,
    ...(options.layers.includes('obs')
      ? {
          observabilityCost: await measureObservabilityCost({
            broker,
            quick: options.quick,
            progress: (line) => progress.line(`${broker} ${line}`),
          }),
        }
      : {}),
    ...(options.layers.includes('scale')
      ? {
          scaleOut: await measureScaleOut({
            broker,
            quick: options.quick,
            progress: (line) => progress.line(`${broker} ${line}`),
          }),
        }
      : {}),
    ...(options.layers.includes('cold')
      ? {
          coldStart: await measureColdStartLayer({
            broker,
            quick: options.quick,
            runs: options.repeat,
            progress: (line) => progress.line(`${broker} ${line}`),
          }),
        }
      : {}),
  };
}
