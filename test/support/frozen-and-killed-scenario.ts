import { waitFor } from '#testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { untilCaughtUp } from './caught-up.js';
import type { FaultRun } from './fault-fixture.js';
import { parkedRowsOf } from './parked-rows.js';
import { checkReliability, reportScenario, type ReliabilityReport } from './reliability-oracle.js';

export interface FrozenAndKilled {
  /** Two different nodes: the one frozen first, and the one killed while it still is. */
  frozen: number;
  killed: number;
  freeze(node: number): void;
  thaw(node: number): void;
  kill(node: number): Promise<void>;
  /**
   * Starts the nodes that are down and waits until every copy is in sync, but those of a frozen node
   * (and of a node that can only finish booting once the frozen one resumes): with none frozen, the
   * cluster is whole again.
   */
  restore(): Promise<void>;
}

const ORDERS = 1_500;
const FROZEN_MS = 25_000;
const KILLED_MS = 10_000;

/**
 * An operator's bad day on a cluster of three: 1,500 orders at 150/s; a quarter in, one node freezes
 * for 25 s (a long GC pause, a stalled VM: its connections stay open and nothing answers); two thirds in,
 * another node is killed, and started again 10 s later. No operator steps in: every order must settle,
 * nothing be applied twice, and no outbox row be parked.
 */
export async function freezeOneNodeAndKillAnother(
  broker: string,
  run: FaultRun,
  faults: FrozenAndKilled,
): Promise<ReliabilityReport & { failed: number; parked: number }> {
  await untilCaughtUp(run);
  const load = run.load.run({ count: ORDERS, concurrency: 16, ratePerSecond: 150, perOrderDeadlineMs: 120_000 });
  const placed = (count: number) => () => run.load.placed.length >= count;
  await waitFor('a quarter of the orders to be placed', placed(ORDERS / 4), { timeoutMs: 60_000 });
  faults.freeze(faults.frozen);
  const thawed = sleep(FROZEN_MS).then(() => faults.thaw(faults.frozen));
  try {
    await waitFor('two thirds of the orders to be placed', placed((ORDERS * 2) / 3), { timeoutMs: 60_000 });
    await faults.kill(faults.killed);
    await sleep(KILLED_MS);
    await faults.restore();
  } finally {
    await thawed;
  }
  await faults.restore();
  const report = await checkReliability(run.system, await load, run.stock);
  const parked = (await parkedRowsOf(run.system)).length;
  reportScenario(
    broker,
    `cluster node ${faults.frozen} frozen ${FROZEN_MS / 1_000} s, node ${faults.killed} killed and restarted ${KILLED_MS / 1_000} s later`,
    report,
    0,
  );
  return { ...report, failed: run.load.failed, parked };
}
