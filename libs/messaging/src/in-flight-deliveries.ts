import { Injectable } from '@nestjs/common';

/** Counts messages being handled, so shutdown can wait for them instead of cutting them off. */
@Injectable()
export class InFlightDeliveries {
  private count = 0;
  private closing = false;
  private idle: Array<() => void> = [];

  get isClosing(): boolean {
    return this.closing;
  }

  /** Marks one delivery as started; call the returned function when it is settled. */
  begin(): () => void {
    this.count += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count -= 1;
      if (this.count === 0) this.idle.splice(0).forEach((resolve) => resolve());
    };
  }

  /** Stops retry loops from going on and waits (at most `timeoutMs`) until nothing is in flight. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.closing = true;
    if (this.count === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) => this.idle.push(() => resolve(true)));
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    return Promise.race([drained, timedOut]).finally(() => clearTimeout(timer));
  }
}
