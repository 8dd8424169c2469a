/**
 * Hands items one at a time from a pushing producer (kafkajs' eachBatch) to a pulling async iterator,
 * so the producer waits while the reader is busy and nothing piles up in between.
 */
export class HandOff<T> {
  private item: { value: T; taken: (accepted: boolean) => void } | null = null;
  private waiting: (() => void) | null = null;
  private finished = false;
  private failure: unknown = null;

  /** Resolves true once the reader took the item, false if the reader stopped (the item is dropped). */
  put(value: T): Promise<boolean> {
    if (this.finished) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.item = { value, taken: resolve };
      this.wake();
    });
  }

  /** No more items; the reader ends after the one in hand. */
  end(): void {
    this.finish();
  }

  fail(error: unknown): void {
    this.failure = error;
    this.finish();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (;;) {
        while (!this.item && !this.finished) await new Promise<void>((resolve) => (this.waiting = resolve));
        if (this.failure) throw this.failure;
        const item = this.item;
        if (!item) return;
        this.item = null;
        item.taken(true);
        yield item.value;
      }
    } finally {
      this.finish();
    }
  }

  private finish(): void {
    this.finished = true;
    this.item?.taken(false);
    this.item = null;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}
