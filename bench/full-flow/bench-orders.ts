import { OrderSystem, uniqueSku } from '#testing';
import { jsonPostRequest } from './load-connection.js';

/** SKUs the bench orders from: several, so that inventory's updates do not all hit one row. */
const SKU_COUNT = 16;
/** Far more than every step together orders (quantities are 1 or 2): every order is CONFIRMED. */
const STOCK_PER_SKU = 10_000_000;

export async function seedBenchStock(system: OrderSystem): Promise<string[]> {
  const skus = Array.from({ length: SKU_COUNT }, (_, index) => uniqueSku(`BENCH${index}`));
  for (const sku of skus) await system.putStock(sku, STOCK_PER_SKU);
  return skus;
}

export interface OrderBody {
  customerId: string;
  items: Array<{ sku: string; quantity: number }>;
}

/** One or two lines, as in the e2e tests' load: deterministic per index, so runs compare. */
export function benchOrder(customerId: string, skus: string[], index: number): OrderBody {
  const first = skus[index % skus.length];
  const second = skus[(index * 7 + 3) % skus.length];
  const items = [{ sku: first, quantity: 1 + (index % 2) }];
  if (index % 4 === 0 && second !== first) items.push({ sku: second, quantity: 1 });
  return { customerId, items };
}

/** The POST /orders requests of one step, built once: the load only writes them. */
export function benchOrderRequests(orderServiceUrl: string, customerId: string, skus: string[]): Buffer[] {
  const host = new URL(orderServiceUrl).host;
  return Array.from({ length: skus.length * 4 }, (_, index) =>
    jsonPostRequest('/orders', host, benchOrder(customerId, skus, index)),
  );
}
