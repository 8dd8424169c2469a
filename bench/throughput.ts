/** Messages per second over a measured interval; null when nothing could be measured. */
export function perSecond(messages: number, milliseconds: number): number | null {
  if (messages <= 0 || milliseconds <= 0) return null;
  return Math.round((messages * 1000) / milliseconds);
}

/**
 * Times a consumer from its first message to its last one, so that joining a group or opening a
 * channel is not counted as consuming (the brokers' own tools report it the same way).
 */
export class ConsumeClock {
  private first: number | null = null;
  private last = 0;
  count = 0;

  received(messages = 1): void {
    const now = performance.now();
    this.first ??= now;
    this.last = now;
    this.count += messages;
  }

  /** Rate over the messages after the first one: the first only starts the clock. */
  rate(): number | null {
    if (this.first === null || this.count < 2) return null;
    return perSecond(this.count - 1, this.last - this.first);
  }
}
