import { ORDER_CREATED } from '#events';
import { sampleKey, scrapeMetrics } from '#testing';
import { untilCaughtUp } from './caught-up.js';
import type { BrokerName } from '#messaging';
import { startFaultRun, type FaultRun } from './fault-fixture.js';
import { checkReliability, reportScenario, type ReliabilityReport } from './reliability-oracle.js';

const ORDERS = 1_000;
/**
 * Each instance's pool opens up to MESSAGING_PREFETCH + 4 PostgreSQL connections: five instances at 12
 * want 80, under PostgreSQL's default max_connections of 100 (at the default 32 they would want 180).
 */
export const SCALED_OUT_PREFETCH = 12;
const RESERVATIONS_HANDLED = sampleKey('events_consumed_total', {
  outcome: 'handled',
  reason: '',
  type: ORDER_CREATED,
});

export interface ScaledOutReport extends ReliabilityReport {
  failed: number;
  /** order.created events each inventory-service instance handled, in instance order. */
  handledPerInventoryInstance: number[];
}

/** Two order-service and three inventory-service instances, each service's sharing its PostgreSQL database. */
export function startScaledOut(broker: BrokerName, env: NodeJS.ProcessEnv): Promise<FaultRun> {
  return startFaultRun(broker, {
    env: { ...env, MESSAGING_PREFETCH: String(SCALED_OUT_PREFETCH) },
    orderDatabase: 'postgres',
    inventoryDatabase: 'postgres',
    instances: { orders: 2, inventory: 3 },
  });
}

/**
 * What a scaled-out run must show, in one comparable object: nothing lost, applied twice or oversold,
 * demand that outran the stock (so the instances competed for the last units), and every inventory
 * instance with a share of the orders.
 */
export function scaledOutOutcome(report: ScaledOutReport) {
  return {
    orders: report.orders,
    lost: report.lost,
    appliedTwice: report.appliedTwice,
    oversold: report.oversold,
    failed: report.failed,
    stockRanOut: report.rejected > 0,
    inventoryInstancesWithAShare: report.handledPerInventoryInstance.filter((handled) => handled > 0).length,
  };
}

/**
 * Several instances of each service on their shared databases take a load that sells out some SKUs:
 * every order settles, no unit is sold twice, and the inventory instances each handled a share of the
 * orders (counted by their own metrics).
 */
export async function shareTheLoad(broker: string, run: FaultRun): Promise<ScaledOutReport> {
  const { orderInstances, inventoryInstances } = run.system;
  await untilCaughtUp(run);
  const handled = () =>
    Promise.all(
      inventoryInstances.map(async (instance) => (await scrapeMetrics(instance.url)).get(RESERVATIONS_HANDLED) ?? 0),
    );
  const before = await handled();
  const report = await checkReliability(run.system, await run.load.run({ count: ORDERS, concurrency: 16 }), run.stock);
  const after = await handled();
  const handledPerInventoryInstance = after.map((count, index) => count - before[index]);
  reportScenario(
    broker,
    `scaled out: ${orderInstances.length} order-service, ${inventoryInstances.length} inventory-service ` +
      `instances on PostgreSQL (orders handled per inventory instance: ${handledPerInventoryInstance.join(', ')})`,
    report,
    0,
  );
  return { ...report, failed: run.load.failed, handledPerInventoryInstance };
}
