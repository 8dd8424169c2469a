import type { ColdStartRun } from '../bench-result.js';
import { describeColdStart, summariseColdStart } from './cold-start-layer.js';

function run(postP99Ms: number, worstP99Ms: number, errors = 0): ColdStartRun {
  const worstSecond = { second: 0, answered: 300, p50Ms: 8, p99Ms: worstP99Ms, maxMs: worstP99Ms + 5 };
  return {
    readyAfterMs: 3_000,
    placed: 1_500 - errors,
    errors,
    postP50Ms: 8,
    postP99Ms,
    worstSecond,
    backlogAtEnd: 0,
    series: [worstSecond, { ...worstSecond, second: 1, p99Ms: 10 }],
  };
}

describe('cold-start layer summary', () => {
  // Within; a p99 over 250 ms; within by latency but with failed requests.
  const runs = [run(120, 200), run(300, 800), run(90, 150, 2)];

  it('is the median and range of the runs’ POST p99 and of their worst second’s p99', () => {
    const summary = summariseColdStart(runs, 300, 5);
    expect(summary.postP99Ms).toEqual({ median: 120, min: 90, max: 300, runs: 3 });
    expect(summary.worstSecondP99Ms).toEqual({ median: 200, min: 150, max: 800, runs: 3 });
    expect(summary.runs).toBe(runs);
  });

  it('counts as within the target only runs with no error, p99 < 250 ms and no second over 500 ms', () => {
    expect(summariseColdStart(runs, 300, 5).runsWithinTarget).toBe(1);
    expect(summariseColdStart([run(249, 500)], 300, 5).runsWithinTarget).toBe(1);
    expect(summariseColdStart([run(100, 501)], 300, 5).runsWithinTarget).toBe(0);
  });

  it('prints the target beside the figures', () => {
    expect(describeColdStart(summariseColdStart(runs, 300, 5))).toBe(
      'cold start, 3 runs: POST p99 120 (90-300) ms, worst second p99 200 (150-800) ms; ' +
        'target: p99 < 250 ms and no second worse than 500 ms, met by 1 of 3',
    );
  });

  it('refuses to summarise no run', () => {
    expect(() => summariseColdStart([], 300, 5)).toThrow(/at least one run/);
  });
});
