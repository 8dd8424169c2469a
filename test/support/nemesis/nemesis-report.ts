import { FAULT_KINDS, type FaultKind } from './fault-schedule.js';

export interface NemesisReport {
  broker: string;
  seed: number;
  durationMs: number;
  /** Faults applied, by kind; a kind this broker or machine does not allow is absent. */
  faults: Partial<Record<FaultKind, number>>;
  orders: number;
  confirmed: number;
  rejected: number;
  /** Orders that got 201 and never reached a final state within the bound. */
  lost: number;
  /** Units reserved beyond what confirmed orders account for. */
  appliedTwice: number;
  oversold: number;
  /** Outbox rows parked in either service's database. */
  parked: number;
  /** Orders the load gave up on without a 201 (the service did not answer for the whole per-order deadline). */
  notAccepted: number;
  /** From the end of the last fault until every order was in a final state; undefined if some never were. */
  settledAfterFaultsMs: number | undefined;
}

/**
 * The run in one line, e.g. `[nemesis report] kafka | seed 42 | 120 s | faults: stall 3, kill 2, ... |
 * orders 4100 | confirmed 2500 | rejected 1600 | lost 0 | applied twice 0 | parked 0 | settled 12.5 s
 * after the faults`; a kind this broker or machine does not allow reads `n/a`.
 */
export function formatNemesisReport(report: NemesisReport): string {
  const faults = FAULT_KINDS.map((kind) => `${kind} ${report.faults[kind] ?? 'n/a'}`).join(', ');
  const settled =
    report.settledAfterFaultsMs === undefined
      ? 'not settled'
      : `settled ${(report.settledAfterFaultsMs / 1_000).toFixed(1)} s after the faults`;
  return (
    `[nemesis report] ${report.broker} | seed ${report.seed} | ${Math.round(report.durationMs / 1_000)} s | ` +
    `faults: ${faults} | orders ${report.orders} | confirmed ${report.confirmed} | rejected ${report.rejected} | ` +
    `lost ${report.lost} | applied twice ${report.appliedTwice} | parked ${report.parked} | ${settled}` +
    (report.oversold || report.notAccepted ? ` | oversold ${report.oversold} | not accepted ${report.notAccepted}` : '')
  );
}

/**
 * The run as it happens, a line per fault applied and undone with the time since the start, written
 * at once (not buffered like console.log under Jest): what a failed or stuck run is read from.
 */
export class NemesisTimeline {
  private readonly startedAt = Date.now();

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  line(text: string): void {
    process.stdout.write(`[nemesis] +${(this.elapsedMs() / 1_000).toFixed(1)} s ${text}\n`);
  }
}
