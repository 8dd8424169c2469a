import { formatSeries, latencySeries, worstSecond } from './latency-series.js';

/** `seconds` of a load at `rate`, every request answered in `ms` unless `at` says otherwise. */
function latencies(rate: number, seconds: number, ms: number, at: Record<number, number> = {}): Float64Array {
  const values = new Float64Array(rate * seconds).fill(ms);
  for (const [index, latency] of Object.entries(at)) values[Number(index)] = latency;
  return values;
}

describe('per-second latency series', () => {
  it('puts a stall in the second its requests were due in, where the whole load would average it away', () => {
    // 10 requests/s for 3 s; the 5 requests due in the first half of second 1 waited 800 ms.
    const stalled = { 10: 800, 11: 760, 12: 720, 13: 680, 14: 640 };
    const series = latencySeries(latencies(10, 3, 5, stalled), 10);

    expect(series.map((second) => second.second)).toEqual([0, 1, 2]);
    expect(series.map((second) => second.p99Ms)).toEqual([5, 800, 5]);
    expect(series[1]).toMatchObject({ answered: 10, p50Ms: 5, maxMs: 800 });
    expect(worstSecond(series)).toBe(series[1]);
  });

  it('leaves failed requests (NaN) out of a second instead of counting them as answered or as 0 ms', () => {
    const series = latencySeries(latencies(4, 2, 10, { 0: NaN, 1: NaN, 2: 30, 5: 50 }), 4);

    expect(series[0]).toEqual({ second: 0, answered: 2, p50Ms: 10, p99Ms: 30, maxMs: 30 });
    expect(series[1]).toEqual({ second: 1, answered: 4, p50Ms: 10, p99Ms: 50, maxMs: 50 });
  });

  it('reports a second in which nothing was answered with no latency, and prints it as "-"', () => {
    const series = latencySeries(latencies(2, 2, 7, { 2: NaN, 3: NaN }), 2);

    expect(series[1]).toEqual({ second: 1, answered: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
    expect(formatSeries(series)).toBe('7 -');
  });

  it('has no worst second when the load had none', () => {
    expect(worstSecond([])).toBeUndefined();
  });
});
