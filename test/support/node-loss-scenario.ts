import { waitFor } from '#testing';
import { untilCaughtUp } from './caught-up.js';
import type { FaultRun } from './fault-fixture.js';
import { settledOrTraced } from './lost-order-trace.js';
import { checkReliability, reportScenario, type ReliabilityReport } from './reliability-oracle.js';

export interface NodeLoss {
  /** Kills a node and says which, e.g. `node 2`. */
  kill(): Promise<string>;
  /** Makes the cluster whole again. */
  restore(): Promise<void>;
}

/**
 * The cluster scenario: 2,000 orders placed; a quarter in, a node is lost; 200 more are placed and the
 * last of them makes the whole round trip while the node is still down (the cluster goes on without
 * it); then the node comes back and the fault oracle checks every order.
 */
export async function loseANodeUnderLoad(
  broker: string,
  run: FaultRun,
  loss: NodeLoss,
): Promise<ReliabilityReport & { failed: number }> {
  await untilCaughtUp(run);
  const load = run.load.run({ count: 2_000, concurrency: 16 });
  await waitFor('a quarter of the orders to be placed', () => run.load.placed.length >= 500, { timeoutMs: 60_000 });
  const lost = await loss.kill();
  try {
    await waitFor('200 more orders to be placed with the node down', () => run.load.placed.length >= 700, {
      timeoutMs: 60_000,
    });
    await settledOrTraced(run.system, run.load.placed[run.load.placed.length - 1].id, 90_000, `with ${lost} down`);
  } finally {
    await loss.restore();
  }
  const report = await checkReliability(run.system, await load, run.stock);
  reportScenario(broker, `cluster ${lost} killed and restored`, report, 0);
  return { ...report, failed: run.load.failed };
}
