/** Nearest-rank percentile (0 < p <= 100) of unsorted values; 0 when there are none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Rounded to one decimal: enough for milliseconds on a noisy machine, and readable in JSON. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
