/** Messages per second over a measured interval; null when nothing could be measured. */
export function perSecond(messages: number, milliseconds: number): number | null {
  if (messages <= 0 || milliseconds <= 0) return null;
  return Math.round((messages * 1000) / milliseconds);
}

/**
 * Times a consumer from its first delivery to its last one, so that joining a group or opening a
 * channel is not counted as consuming (the brokers' own tools report it the same way). The first
 * delivery (one message or a whole batch) only starts the clock, unless start() was called when the
 * consumer became ready (e.g. kafkajs' GROUP_JOIN), which then counts from there.
 */
export class ConsumeClock {
  private started: number | null = null;
  private uncounted = 0;
  private last = 0;
  count = 0;

  start(): void {
    this.started ??= performance.now();
  }

  received(messages = 1): void {
    const now = performance.now();
    if (this.started === null) {
      this.started = now;
      this.uncounted = messages;
    }
    this.last = now;
    this.count += messages;
  }

  rate(): number | null {
    if (this.started === null) return null;
    return perSecond(this.count - this.uncounted, this.last - this.started);
  }
}

/**
 * The CPU this process spends from now on, per event: what consuming costs besides how fast it goes.
 * The bench process's other work (progress lines, polling for the count) is the same for every layer.
 */
export class ConsumeCpu {
  private readonly start = process.cpuUsage();

  /** Microseconds of CPU (user and system) per event so far; null when no event was taken. */
  microsPerEvent(events: number): number | null {
    if (events <= 0) return null;
    const { user, system } = process.cpuUsage(this.start);
    return Math.round(((user + system) / events) * 10) / 10;
  }
}
