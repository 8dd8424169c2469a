import { scrapeMetrics, waitFor } from '#testing';
import type { FaultRun } from './fault-fixture.js';
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
    await run.system.waitUntilSettled(run.load.placed[run.load.placed.length - 1].id, 90_000);
  } finally {
    await loss.restore();
  }
  const report = await checkReliability(run.system, await load, run.stock);
  reportScenario(broker, `cluster ${lost} killed and restored`, report, 0);
  return { ...report, failed: run.load.failed };
}

/**
 * A cluster keeps what earlier runs left unconsumed (say, answers to orders of a run that was stopped):
 * the services take those first, so the scenario starts once both report no lag of their own.
 */
async function untilCaughtUp(run: FaultRun): Promise<void> {
  for (const service of [run.system.inventory, run.system.orders]) {
    await waitFor(
      `${service.name} to consume what earlier runs left`,
      async () => (await scrapeMetrics(service.url)).get('messaging_consumer_lag') === 0,
      { timeoutMs: 300_000, intervalMs: 1_000 },
    );
  }
}
