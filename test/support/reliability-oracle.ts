import { SUBSCRIPTIONS, type ConsumingService } from '#events';
import { loadMessagingConfig } from '#messaging';
import { openDeadLetterStore, type DeadLetter } from '#messaging/operator';
import { serviceLogTails, traceLostOrders } from './lost-order-trace.js';
import type { PlacedOrder } from './order-load.js';
import { type OrderSystem, waitFor } from '#testing';

interface OrderRow {
  id: string;
  status: string;
}

export interface ReliabilityReport {
  orders: number;
  confirmed: number;
  rejected: number;
  /** Units reserved beyond what confirmed orders account for: a reservation applied twice. */
  appliedTwice: number;
  /** Units confirmed beyond a SKU's stock: two reservations that both took the last units. */
  oversold: number;
  /** 201 orders that never reached a final state. */
  lost: number;
  /** When every order was seen in a final state (epoch ms); undefined if some never were. */
  settledAt: number | undefined;
}

/**
 * The oracle of every fault scenario: each order that got 201 reaches a final state; each SKU's
 * stock moved by exactly the confirmed quantities, never beyond what it had; both services are alive
 * and still consuming.
 */
export async function checkReliability(
  system: OrderSystem,
  orders: PlacedOrder[],
  initialStock: Map<string, number>,
  { settleTimeoutMs = 120_000 } = {},
): Promise<ReliabilityReport> {
  const ids = orders.map((order) => order.id);
  const db = system.openDatabase<{ orders: OrderRow }>('orders');
  let rows: OrderRow[] = [];
  let settledAt: number | undefined;
  try {
    settledAt = await waitFor(
      `all ${ids.length} orders to settle`,
      async () => {
        rows = [];
        for (let start = 0; start < ids.length; start += 500) {
          const chunk = ids.slice(start, start + 500);
          rows.push(...(await db.selectFrom('orders').select(['id', 'status']).where('id', 'in', chunk).execute()));
        }
        return rows.length === ids.length && rows.every((row) => row.status !== 'PENDING') && Date.now();
      },
      { timeoutMs: settleTimeoutMs, intervalMs: 500 },
    ).catch(() => undefined);
  } finally {
    await db.destroy();
  }
  const status = new Map(rows.map((row) => [row.id, row.status]));
  // Traced before the stock is checked: an order lost on its way back leaves its units reserved.
  const lost = orders.filter((order) => !['CONFIRMED', 'REJECTED'].includes(status.get(order.id) ?? ''));
  if (lost.length > 0) {
    const trace = await traceLostOrders(
      system,
      lost.slice(0, 10).map((order) => order.id),
    );
    console.error(
      `${lost.length} orders never settled; where the first stopped:\n${trace.join('\n')}\n${serviceLogTails(system, 1_500)}`,
    );
  }
  const confirmedUnits = new Map<string, number>();
  for (const order of orders) {
    if (status.get(order.id) !== 'CONFIRMED') continue;
    for (const { sku, quantity } of order.items) confirmedUnits.set(sku, (confirmedUnits.get(sku) ?? 0) + quantity);
  }
  let appliedTwice = 0;
  let oversold = 0;
  for (const [sku, initial] of initialStock) {
    const expected = confirmedUnits.get(sku) ?? 0;
    const level = await system.getStock(sku);
    appliedTwice += Math.max(0, level.reserved - expected);
    oversold += Math.max(0, expected - initial);
    if (level.reserved !== expected || level.available !== initial - expected) {
      throw new Error(
        `stock of ${sku} is available ${level.available} / reserved ${level.reserved}; confirmed orders account for ${expected} of ${initial}`,
      );
    }
  }
  await expectStillConsuming(system);
  return {
    orders: orders.length,
    confirmed: [...status.values()].filter((value) => value === 'CONFIRMED').length,
    rejected: [...status.values()].filter((value) => value === 'REJECTED').length,
    appliedTwice,
    oversold,
    lost: lost.length,
    settledAt,
  };
}

/** Both services answer, and a fresh order still makes the whole round trip. */
export async function expectStillConsuming(system: OrderSystem): Promise<void> {
  for (const service of [system.orders, system.inventory]) {
    const response = await fetch(`${service.url}/health/live`);
    if (!response.ok) throw new Error(`${service.name} is not alive`);
  }
  const probe = await system.placeValidOrder({
    customerId: 'probe',
    items: [{ sku: 'PROBE-UNKNOWN-SKU', quantity: 1 }],
  });
  await system.waitUntilSettled(probe.id, 30_000);
}

/** At most this many of a run's own dead letters are read back: far more than any scenario injects. */
const MAX_OWN_DEAD_LETTERS = 1_000;

/**
 * The dead letters of one service that mention `marker` (tests put a run-unique marker in what they
 * inject), selected by the store itself and only from those dead-lettered since the system started,
 * so what earlier runs left on a long-lived broker is neither read into memory nor waited for.
 */
export async function deadLettersMentioning(
  system: OrderSystem,
  service: ConsumingService,
  marker: string,
): Promise<DeadLetter[]> {
  const store = openDeadLetterStore(
    loadMessagingConfig(service, { ...process.env, BROKER: system.broker }),
    SUBSCRIPTIONS[service],
  );
  try {
    const walk = store.list({
      match: marker,
      since: system.startedAt,
      limit: MAX_OWN_DEAD_LETTERS,
      bodyBytes: Number.POSITIVE_INFINITY,
    });
    const letters = await walk.toArray();
    if (walk.summary.stoppedBy === 'deadline') throw new Error(`listing ${store.destination} ran out of time`);
    return letters;
  } finally {
    await store.close();
  }
}

/** Prints one line per scenario, which docs/guarantees.md's table is made from. */
export function reportScenario(
  broker: string,
  scenario: string,
  report: ReliabilityReport,
  deadLettered: number,
): void {
  console.log(
    `[fault report] ${broker} | ${scenario} | orders ${report.orders} | confirmed ${report.confirmed} | rejected ${report.rejected} | lost ${report.lost} | applied twice ${report.appliedTwice} | dead-lettered ${deadLettered}`,
  );
}
