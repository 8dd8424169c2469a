import type { BenchBroker, ColdStart, ColdStartRun } from '../bench-result.js';
import { withRange } from '../report/format.js';
import { spreadOf } from '../spread.js';
import { measureColdStart } from './cold-start.js';
import { formatSeries } from './latency-series.js';

/** What a cold start should stay within: a client of its first seconds waits no longer than a warm step's p99. */
export const COLD_START_TARGET = { postP99Ms: 250, worstSecondP99Ms: 500 };
/** Well below what every broker sustains warm on SQLite: what is measured is the start, not the ceiling. */
const RATE_PER_SECOND = 300;
const FULL_SECONDS = 5;
/** One short run: the layer's share of the quick bench's time stays small. */
const QUICK_SECONDS = 3;

export interface ColdStartLayerOptions {
  broker: BenchBroker;
  quick: boolean;
  runs: number;
  progress: (line: string) => void;
}

/** The cold-start layer: measureColdStart on SQLite, `runs` times in a row, and their median and range. */
export async function measureColdStartLayer(options: ColdStartLayerOptions): Promise<ColdStart> {
  const durationSeconds = options.quick ? QUICK_SECONDS : FULL_SECONDS;
  const runs: ColdStartRun[] = [];
  for (let index = 1; index <= options.runs; index += 1) {
    options.progress(
      `cold start ${index} of ${options.runs}: fresh services on sqlite, ${RATE_PER_SECOND} orders/s for ` +
        `${durationSeconds} s from the moment they are ready ...`,
    );
    const run = await measureColdStart({
      broker: options.broker,
      database: 'sqlite',
      ratePerSecond: RATE_PER_SECOND,
      durationSeconds,
    });
    runs.push(run);
    describeColdStartRun(run).forEach((line) => options.progress(line));
  }
  const coldStart = summariseColdStart(runs, RATE_PER_SECOND, durationSeconds);
  options.progress(describeColdStart(coldStart));
  return coldStart;
}

/** The runs with their median and range, and how many stayed within the target. */
export function summariseColdStart(runs: ColdStartRun[], ratePerSecond: number, durationSeconds: number): ColdStart {
  if (runs.length === 0) throw new Error('a cold start summary needs at least one run');
  const worstOf = (run: ColdStartRun) => run.worstSecond?.p99Ms ?? 0;
  return {
    database: 'sqlite',
    ratePerSecond,
    durationSeconds,
    target: COLD_START_TARGET,
    runs,
    postP99Ms: spreadOf(runs.map((run) => run.postP99Ms))!,
    worstSecondP99Ms: spreadOf(runs.map(worstOf))!,
    runsWithinTarget: runs.filter(
      (run) =>
        run.errors === 0 &&
        run.placed > 0 &&
        run.postP99Ms < COLD_START_TARGET.postP99Ms &&
        worstOf(run) <= COLD_START_TARGET.worstSecondP99Ms,
    ).length,
  };
}

/** One run: how soon ready, its POST latency, its worst second, and its series. */
export function describeColdStartRun(run: ColdStartRun): string[] {
  const worst = run.worstSecond ? `second ${run.worstSecond.second} (p99 ${run.worstSecond.p99Ms} ms)` : 'none';
  return [
    `  ready after ${run.readyAfterMs} ms; placed ${run.placed}, errors ${run.errors}, POST p50 ${run.postP50Ms} / ` +
      `p99 ${run.postP99Ms} ms, worst ${worst}, backlog ${run.backlogAtEnd}`,
    `  POST p99 per second, ms: ${formatSeries(run.series)}`,
  ];
}

/** The summary with the target beside it. */
export function describeColdStart(coldStart: ColdStart): string {
  const range = (spread: ColdStart['postP99Ms']) => `${withRange(spread, String)} ms`;
  return (
    `cold start, ${coldStart.runs.length} run${coldStart.runs.length === 1 ? '' : 's'}: POST p99 ` +
    `${range(coldStart.postP99Ms)}, worst second p99 ${range(coldStart.worstSecondP99Ms)}; target: p99 < ` +
    `${coldStart.target.postP99Ms} ms and no second worse than ${coldStart.target.worstSecondP99Ms} ms, ` +
    `met by ${coldStart.runsWithinTarget} of ${coldStart.runs.length}`
  );
}
