/** Exponential backoff with full jitter, capped, so retries neither hammer nor stall the consumer. */
export function retryDelayMs(attempt: number, baseMs = 100, capMs = 2_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
