/** A walk stopped because its time budget ran out while it waited for `waitingFor`. */
export class DeadlineReached extends Error {
  constructor(readonly waitingFor: string) {
    super(`the deadline passed while waiting for ${waitingFor}`);
    this.name = 'DeadlineReached';
  }
}

/** One walk's time budget: every broker call it makes is raced against it, so none can hold the tool. */
export class WalkDeadline {
  private readonly at: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(budgetMs: number) {
    this.at = Date.now() + budgetMs;
    this.timer = setTimeout(() => this.controller.abort(), Math.max(0, budgetMs));
    this.timer.unref();
  }

  get remainingMs(): number {
    return Math.max(0, this.at - Date.now());
  }

  get passed(): boolean {
    return this.remainingMs === 0;
  }

  /** Aborted when the deadline passes (for clients that take an AbortSignal). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The call's result, or DeadlineReached if the deadline comes first (the call's late outcome is ignored). */
  async race<T>(call: Promise<T>, waitingFor: string): Promise<T> {
    call.catch(() => undefined);
    if (this.passed) throw new DeadlineReached(waitingFor);
    let onAbort = () => undefined as void;
    const expired = new Promise<never>((_, reject) => {
      onAbort = () => reject(new DeadlineReached(waitingFor));
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([call, expired]);
    } finally {
      this.signal.removeEventListener('abort', onAbort);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
