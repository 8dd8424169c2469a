import type { Logger } from '@nestjs/common';

export interface CachedProbeOptions {
  /** What is probed, for the log ("broker", "database"). */
  subject: string;
  /** An answer is reused for this long: a burst of readiness calls costs one probe. */
  cacheMs?: number;
  /** A probe with no answer by then counts as unreachable (it may still finish later). */
  timeoutMs?: number;
  /** While unreachable, the cause is logged again at most this often. */
  logEveryMs?: number;
  logger: Logger;
}

/**
 * Asks "does it answer right now?" at most once per `cacheMs`, with never more than one probe in
 * flight, and keeps the cause of a failure in the log (host names, users and paths belong there,
 * not in an HTTP answer), rate-limited.
 */
export class CachedProbe {
  private answer: { reachable: boolean; at: number } | null = null;
  private inFlight: Promise<void> | null = null;
  private lastLoggedAt = 0;
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private readonly logEveryMs: number;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly options: CachedProbeOptions,
  ) {
    this.cacheMs = options.cacheMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.logEveryMs = options.logEveryMs ?? 30_000;
  }

  async reachable(): Promise<boolean> {
    if (this.answer && Date.now() - this.answer.at < this.cacheMs) return this.answer.reachable;
    // A probe still running (e.g. against a hung server) is waited for again, never started twice.
    this.inFlight ??= this.probe().finally(() => (this.inFlight = null));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.inFlight,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      this.record(true);
    } catch (error) {
      this.record(false, error);
    } finally {
      clearTimeout(timer);
    }
    return this.answer!.reachable;
  }

  private record(reachable: boolean, error?: unknown): void {
    const wasReachable = this.answer?.reachable ?? true;
    this.answer = { reachable, at: Date.now() };
    const { logger, subject } = this.options;
    if (reachable) {
      if (!wasReachable) logger.log(`${subject} reachable again`);
      return;
    }
    if (wasReachable || Date.now() - this.lastLoggedAt >= this.logEveryMs) {
      this.lastLoggedAt = Date.now();
      logger.warn(`${subject} unreachable: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
