import { type OrderSystem, waitFor } from '#testing';
import { benchOrder } from './bench-orders.js';
import type { OrderRows } from './order-rows.js';
import { percentile } from './percentiles.js';

export interface SingleOrderSettle {
  samples: number;
  /** updated_at - created_at of each order, the services' own timestamps. */
  settleP50Ms: number;
  settleP99Ms: number;
  /** POST sent to the bench seeing the order settled in the database (polled every 2 ms). */
  observedP50Ms: number;
}

/**
 * One order at a time with nothing else going on: how long the path itself takes (relay wake-up,
 * publish, inventory's handling, the answer), without any queueing.
 */
export async function measureSingleOrderSettle(
  system: OrderSystem,
  rows: OrderRows,
  skus: string[],
  customerId: string,
  samples: number,
): Promise<SingleOrderSettle> {
  const observed: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const sentAt = performance.now();
    const order = await system.placeValidOrder(benchOrder(customerId, skus, index));
    await waitFor(`order ${order.id} to settle`, async () => (await rows.status(order.id)) !== 'PENDING', {
      timeoutMs: 10_000,
      intervalMs: 2,
    });
    observed.push(performance.now() - sentAt);
  }
  const { settleMs, pending } = await rows.ofCustomer(customerId);
  if (pending > 0) throw new Error(`${pending} single orders still PENDING after they were seen settled`);
  return {
    samples,
    settleP50Ms: percentile(settleMs, 50),
    settleP99Ms: percentile(settleMs, 99),
    observedP50Ms: percentile(observed, 50),
  };
}
