/** One phase of the run as it goes: a live line on a terminal, plain lines otherwise (CI, the test, a pipe). */
export interface Phase {
  /** Work done so far, out of the phase's total if it has one. */
  advance(done: number): void;
  /** Ends the phase with what it measured. */
  end(summary: string): void;
}

export type ProgressLine = (line: string) => void;

/** Prints one line per phase with its elapsed time and rate; on a TTY the line updates in place. */
export class Progress {
  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly live = Boolean(out.isTTY),
  ) {}

  /** A line of its own, e.g. what the full-flow layer reports. */
  readonly line: ProgressLine = (line) => this.out.write(`${line}\n`);

  phase(name: string, total?: number): Phase {
    const started = performance.now();
    let lastPlain = started;
    const render = (done: number) => {
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      const of = total ? `/${total}` : '';
      return `${name}: ${done}${of} in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')}/s)`;
    };
    if (!this.live) this.out.write(`${name} ...\n`);
    return {
      advance: (done) => {
        if (this.live) {
          this.out.write(`\r\x1b[2K${render(done)}`);
        } else if (performance.now() - lastPlain >= 5_000) {
          // Plain output: a line every few seconds, so a long phase shows it is alive without flooding.
          lastPlain = performance.now();
          this.out.write(`  ${render(done)}\n`);
        }
      },
      end: (summary) => {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        this.out.write(`${this.live ? '\r\x1b[2K' : ''}${name}: ${summary} [${seconds} s]\n`);
      },
    };
  }
}
