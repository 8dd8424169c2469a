import type { LatencySecond } from '../bench-result.js';
import { percentile, round1 } from './percentiles.js';

export type { LatencySecond };

/**
 * The per-second series of a constant-rate load, by due time: a stall shows in the second whose requests
 * waited for it, where a whole step's p99 would average it away.
 */
export function latencySeries(latencyByRequestMs: Float64Array, ratePerSecond: number): LatencySecond[] {
  const seconds = Math.ceil(latencyByRequestMs.length / ratePerSecond);
  return Array.from({ length: seconds }, (_, second) => {
    const due = latencyByRequestMs.subarray(
      Math.round(second * ratePerSecond),
      Math.round(Math.min(latencyByRequestMs.length, (second + 1) * ratePerSecond)),
    );
    const answered = due.filter((latency) => !Number.isNaN(latency));
    return {
      second,
      answered: answered.length,
      p50Ms: round1(percentile(answered, 50)),
      p99Ms: round1(percentile(answered, 99)),
      maxMs: round1(answered.length > 0 ? Math.max(...answered) : 0),
    };
  });
}

/** The second whose p99 was the worst: what a client of an unlucky second met. */
export function worstSecond(series: LatencySecond[]): LatencySecond | undefined {
  return series.reduce<LatencySecond | undefined>(
    (worst, second) => (!worst || second.p99Ms > worst.p99Ms ? second : worst),
    undefined,
  );
}

/** The series' p99s on one line, e.g. "12 15 812 14": a stall stands out among its neighbours. */
export function formatSeries(series: LatencySecond[]): string {
  return series.map((second) => (second.answered > 0 ? second.p99Ms.toFixed(0) : '-')).join(' ');
}
