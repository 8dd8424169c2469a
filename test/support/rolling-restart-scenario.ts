import { waitFor } from '#testing';
import { untilCaughtUp } from './caught-up.js';
import type { FaultRun } from './fault-fixture.js';
import { settledOrTraced } from './lost-order-trace.js';
import { checkReliability, reportScenario, type ReliabilityReport } from './reliability-oracle.js';

export interface RollingRestart {
  nodes: readonly number[];
  /** Stops the node as an operator does before upgrading it. */
  stopCleanly(node: number): Promise<void>;
  /** What must hold while the node is away (say, how many copies are still in sync). */
  whileStopped?(node: number): Promise<unknown>;
  /** Starts what is stopped and waits until the cluster is whole again. */
  restore(): Promise<void>;
}

/** Orders placed, and the last of them settled, with each node away: the flow never waited for it. */
const ORDERS_WITH_EACH_NODE_AWAY = 100;

/**
 * A rolling restart under a steady load: each node in turn is stopped cleanly, orders keep being placed
 * and settled without it while every service instance stays ready, and it is started again and caught
 * up before the next one goes. Then the fault oracle checks every order.
 */
export async function restartEachNodeUnderLoad(
  broker: string,
  run: FaultRun,
  restart: RollingRestart,
): Promise<ReliabilityReport & { failed: number }> {
  await untilCaughtUp(run);
  let rolled = false;
  // As long as the restart takes, at a pace the cluster keeps up with while a node is away.
  const load = run.load.run({ count: 50_000, concurrency: 16, ratePerSecond: 50, until: () => rolled });
  try {
    for (const node of restart.nodes) {
      await restart.stopCleanly(node);
      const placedBefore = run.load.placed.length;
      await waitFor(
        `${ORDERS_WITH_EACH_NODE_AWAY} orders to be placed with node ${node} stopped`,
        () => run.load.placed.length >= placedBefore + ORDERS_WITH_EACH_NODE_AWAY,
        { timeoutMs: 60_000 },
      );
      const last = run.load.placed[run.load.placed.length - 1];
      await settledOrTraced(run.system, last.id, 90_000, `with node ${node} stopped`);
      await restart.whileStopped?.(node);
      // A cluster with one node away still serves: no instance may tell its load balancer otherwise.
      for (const instance of [...run.system.orderInstances, ...run.system.inventoryInstances]) {
        await waitFor(
          `${instance.name} to report ready with node ${node} stopped`,
          async () => (await fetch(`${instance.url}/health/ready`)).ok,
          { timeoutMs: 30_000, intervalMs: 500 },
        );
      }
      await restart.restore();
    }
  } finally {
    rolled = true;
    // A failure above may have left a node stopped: the suite's next scenario needs the whole cluster.
    await restart.restore();
  }
  const report = await checkReliability(run.system, await load, run.stock);
  reportScenario(broker, `cluster rolling restart of nodes ${restart.nodes.join(', ')}`, report, 0);
  return { ...report, failed: run.load.failed };
}
