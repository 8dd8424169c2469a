import { Injectable } from '@nestjs/common';
import { Histogram, register } from 'prom-client';
import type { OrderStatus } from './order.js';

export const ORDER_SETTLEMENT_DURATION = 'order_settlement_duration_seconds';

/**
 * The flow's end-to-end latency as a user sees it: from an order's creation to its settlement, by the
 * status it settled in. Observed once per order, when inventory's answer is applied.
 */
@Injectable()
export class OrderSettlementMetrics {
  private readonly duration =
    (register.getSingleMetric(ORDER_SETTLEMENT_DURATION) as Histogram<'status'> | undefined) ??
    new Histogram({
      name: ORDER_SETTLEMENT_DURATION,
      help: 'Time from placing an order to its settlement (CONFIRMED or REJECTED), in seconds',
      labelNames: ['status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });

  settled(status: Exclude<OrderStatus, 'PENDING'>, createdAt: string): void {
    this.duration.observe({ status }, Math.max(0, (Date.now() - Date.parse(createdAt)) / 1_000));
  }
}
