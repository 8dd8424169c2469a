import { jsonLine, printable, type DeadLetter, type HandledDeadLetter, type WalkSummary } from '#messaging/operator';
import { once } from 'node:events';
import type { CliOptions } from './cli-options.js';

/** Where a walk of one service's destination happened, as every printed line names it. */
export interface WalkScope {
  service: string;
  broker: string;
}

/** Writes what a walk hands over, one letter at a time, for people or (--json) for programs. */
export class WalkReport {
  constructor(private readonly options: CliOptions) {}

  private write(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  /**
   * Resolves once stdout took what was written. A pipe to a slow reader buffers every write in
   * memory, so the walk waits here after each letter instead of reading further ahead.
   */
  async flushed(): Promise<void> {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  }

  start(scope: WalkScope, destination: string): void {
    if (!this.options.json) this.write(printable(`${scope.service}: ${destination} on ${scope.broker}`));
  }

  letter(scope: WalkScope, { letter, outcome, note }: HandledDeadLetter): void {
    if (this.options.json) {
      this.write(
        jsonLine({ service: scope.service, broker: scope.broker, outcome, ...(note ? { note } : {}), ...letter }),
      );
      return;
    }
    const name = letter.eventId ?? letter.locator;
    const done = outcome === 'listed' ? '' : `  -> ${outcome}${note ? `: ${note}` : ''}`;
    this.write(
      printable(
        `- ${name}  ${letter.reason} after ${letter.attempts} attempt(s) from ${letter.origin}` +
          `${letter.deadLetteredAt ? ` at ${letter.deadLetteredAt}` : ''}${done}`,
      ),
    );
    if (letter.eventId !== undefined) this.write(`    locator ${printable(letter.locator)}`);
    if (letter.replayedFrom) this.write(`    replay of ${printable(letter.replayedFrom)}`);
    if (letter.error) this.write(`    error   ${printable(letter.error)}`);
    this.write(`    body    ${describeBody(letter)}: ${printable(letter.body)}`);
  }

  finish(scope: WalkScope, summary: WalkSummary): void {
    if (this.options.json) {
      this.write(jsonLine({ summary: { ...scope, ...summary } }));
      return;
    }
    const { outcomes, selected, examined } = summary;
    const done = {
      list: `${outcomes.listed} dead letter(s) listed`,
      replay: `replayed ${outcomes.replayed} of ${selected} selected${outcomes.refused ? `, ${outcomes.refused} refused` : ''}`,
      purge: this.options.dryRun
        ? `dry run: would purge ${outcomes['would purge']} of ${selected} selected (nothing was removed)`
        : `purged ${outcomes.purged} of ${selected} selected`,
    }[this.options.command];
    this.write(printable(`${done} for ${scope.service} on ${scope.broker} (${examined} examined)`));
    if (summary.stoppedBy === 'limit')
      this.write(`  the limit (${this.options.query.limit}) was reached: more may match`);
    for (const note of summary.notes) this.write(`  ${printable(note)}`);
  }

  /** The last line of `replay <ids...>`, as scripts have always read it. */
  requested(replayed: number): void {
    if (!this.options.json) this.write(`replayed ${replayed} of ${this.options.ids.length} requested`);
  }
}

function describeBody(letter: DeadLetter): string {
  const size = `${letter.bodySize.toLocaleString('en-US')} bytes`;
  return letter.bodyTruncated ? `${size}, first ${Buffer.byteLength(letter.body).toLocaleString('en-US')} shown` : size;
}
