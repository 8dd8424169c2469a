import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BenchBroker, BenchDatabase, ColdStartRun } from '../bench-result.js';
import { OrderSystem } from '#testing';
import { benchOrderRequests, seedBenchStock } from './bench-orders.js';
import { latencySeries, worstSecond } from './latency-series.js';
import { runConstantRate } from './open-loop-load.js';
import { OrderRows } from './order-rows.js';
import { percentile, round1 } from './percentiles.js';

export interface ColdStartOptions {
  broker: BenchBroker;
  database: BenchDatabase;
  ratePerSecond: number;
  durationSeconds: number;
  /** More environment for both services. */
  env?: Record<string, string>;
  nodeArguments?: string[];
}

const MAX_LOAD_CONNECTIONS = 256;
const SETTLE_WINDOW_MS = 15_000;

/**
 * A fresh instance meets load from its first ready second, as in a rolling deploy or a scale-out:
 * both services started on new databases with their default settings, stock seeded, then an open-loop
 * constant rate on order-service at once. Reported per second, where a warm-up stall shows.
 */
export async function measureColdStart(options: ColdStartOptions): Promise<ColdStartRun> {
  const spawnedAt = performance.now();
  const system = await OrderSystem.start({
    broker: options.broker,
    orderDatabase: options.database,
    inventoryDatabase: options.database,
    env: { ADMIN_TOKEN: randomUUID(), ...options.env },
    nodeArguments: options.nodeArguments,
  });
  const readyAfterMs = performance.now() - spawnedAt;
  let rows: OrderRows | undefined;
  try {
    const skus = await seedBenchStock(system);
    const customerId = `cold-${Date.now().toString(36)}`;
    const load = await runConstantRate({
      port: system.orders.port,
      requests: benchOrderRequests(system.orders.url, customerId, skus),
      ratePerSecond: options.ratePerSecond,
      durationSeconds: options.durationSeconds,
      maxConnections: MAX_LOAD_CONNECTIONS,
    });
    rows = await OrderRows.open(system.databaseUrl('orders'));
    const backlogAtEnd = await rows.untilSettled(customerId, SETTLE_WINDOW_MS);
    const series = latencySeries(load.latencyByRequestMs, options.ratePerSecond);
    const worst = worstSecond(series);
    return {
      readyAfterMs: Math.round(readyAfterMs),
      placed: load.succeeded,
      errors: load.errors,
      postP50Ms: round1(percentile(load.latenciesMs, 50)),
      postP99Ms: round1(percentile(load.latenciesMs, 99)),
      ...(worst ? { worstSecond: worst } : {}),
      backlogAtEnd,
      // Last: the longest field, so the figures above stay together in the JSON.
      series,
    };
  } finally {
    await rows?.close();
    await system.stop();
  }
}
