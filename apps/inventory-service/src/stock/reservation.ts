import type { OrderLine, RejectionReason } from '#events';

export interface StockLevel {
  sku: string;
  available: number;
}

export type ReservationDecision =
  { outcome: 'reserved'; lines: OrderLine[] } | { outcome: 'rejected'; reason: RejectionReason; sku: string };

/** One line per SKU, sorted: repeated SKUs add up, and a fixed order keeps row locks deadlock-free. */
export function mergeLines(lines: OrderLine[]): OrderLine[] {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of lines) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

/** All or nothing: reserved only if every SKU is known and has enough available. */
export function decideReservation(lines: OrderLine[], stock: StockLevel[]): ReservationDecision {
  const merged = mergeLines(lines);
  const available = new Map(stock.map((level) => [level.sku, level.available]));
  for (const line of merged) {
    if (!available.has(line.sku)) return { outcome: 'rejected', reason: 'UNKNOWN_SKU', sku: line.sku };
  }
  for (const line of merged) {
    if (available.get(line.sku)! < line.quantity) return { outcome: 'rejected', reason: 'OUT_OF_STOCK', sku: line.sku };
  }
  return { outcome: 'reserved', lines: merged };
}
