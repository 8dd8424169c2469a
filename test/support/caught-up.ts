import { scrapeMetrics, waitFor } from '#testing';
import type { FaultRun } from './fault-fixture.js';

/**
 * A cluster keeps what earlier runs left unconsumed (say, answers to orders of a run that was stopped):
 * the services take those first, so a cluster scenario starts once both report no lag of their own.
 */
export async function untilCaughtUp(run: FaultRun): Promise<void> {
  for (const service of [run.system.inventory, run.system.orders]) {
    await waitFor(
      `${service.name} to consume what earlier runs left`,
      async () => (await scrapeMetrics(service.url)).get('messaging_consumer_lag') === 0,
      { timeoutMs: 300_000, intervalMs: 1_000 },
    );
  }
}
