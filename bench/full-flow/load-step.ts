import { performance } from 'node:perf_hooks';
import type { FullFlowStep, ProcessCpu } from '../bench-result.js';
import type { OrderSystem } from '#testing';
import { benchOrderRequests } from './bench-orders.js';
import { monotonicNowUs, type MonotonicWindow } from './cpu-profiles.js';
import type { FlowHopsReader } from './flow-hops.js';
import { latencySeries, worstSecond } from './latency-series.js';
import { runConstantRate } from './open-loop-load.js';
import type { OrderRows } from './order-rows.js';
import { percentile, round1 } from './percentiles.js';
import { readAll, type CpuReading, type CpuSource } from './process-cpu.js';

/**
 * Connections the load keeps open at most, as a client's pool would; beyond them requests wait, and their
 * latency counts the wait. Unbounded, every stall of order-service made the load open hundreds of
 * connections at once: they overflowed the service's accept queue (Node's 511), the kernel dropped them,
 * and the clients' SYN retries (1 s, 3 s, 7 s) became the POST p99.
 */
const MAX_LOAD_CONNECTIONS = 256;

/** A step as FullFlowStep has it, plus what explains a bad one. */
export interface FullFlowStepDetail extends FullFlowStep {
  rejected: number;
  errorKinds: Record<string, number>;
  connectionsOpened: number;
  /** How long the bench waited after the last answer for the step's orders to settle. */
  settleSeconds: number;
  /** Busy cores of the whole machine while the load ran: more than the processes above add up to is someone else. */
  machineCoreShare: number;
}

export interface StepOptions {
  system: OrderSystem;
  rows: OrderRows;
  hops: FlowHopsReader;
  skus: string[];
  customerId: string;
  ratePerSecond: number;
  durationSeconds: number;
  /** The longest the bench waits, after the last answer, for the step's orders to settle. */
  settleWindowMs: number;
  cpuSources: CpuSource[];
  machine: CpuSource;
}

/**
 * One constant-rate step: the load, then the settle window, then the step's orders read from
 * order-service's table. CPU is read at the start, when the last answer came (the share of a core
 * while loaded) and when the window closed (per order: all the work the step's orders caused).
 */
export async function runLoadStep(
  options: StepOptions,
): Promise<{ step: FullFlowStepDetail; window: MonotonicWindow }> {
  const { system, rows, ratePerSecond, durationSeconds } = options;
  const sources = [...options.cpuSources, options.machine];
  const fromUs = monotonicNowUs();
  const startedAt = performance.now();
  const atStart = readAll(sources);
  const load = await runConstantRate({
    port: system.orders.port,
    requests: benchOrderRequests(system.orders.url, options.customerId, options.skus),
    ratePerSecond,
    durationSeconds,
    maxConnections: MAX_LOAD_CONNECTIONS,
  });
  const loadedMs = performance.now() - startedAt;
  const atLoadEnd = readAll(sources);

  const settleStartedAt = performance.now();
  await rows.untilSettled(options.customerId, options.settleWindowMs);
  const settleSeconds = (performance.now() - settleStartedAt) / 1_000;
  const atEnd = readAll(sources);
  const toUs = monotonicNowUs();

  const orders = await rows.ofCustomer(options.customerId);
  const hops = await options.hops.ofOrders(orders.settledIds);
  const settled = orders.confirmed + orders.rejected;
  // Per order placed in the step: with no backlog that is per settled order; with a backlog the work
  // still to come is missing (dividing by the few settled ones would blame them for every placement).
  const perOrder = Math.max(1, load.succeeded);
  const series = latencySeries(load.latencyByRequestMs, ratePerSecond);
  const worst = worstSecond(series);
  const cpu: ProcessCpu[] = options.cpuSources.map((source) => ({
    process: source.name,
    cpuMsPerOrder: Math.round((spent(atStart, atEnd, source) / perOrder) * 1_000) / 1_000,
    coreShare: Math.round((spent(atStart, atLoadEnd, source) / loadedMs) * 1_000) / 1_000,
  }));
  const step: FullFlowStepDetail = {
    targetRate: ratePerSecond,
    durationSeconds,
    placed: load.succeeded,
    settled,
    achievedRate: round1(load.succeeded / load.elapsedSeconds),
    postP50Ms: round1(percentile(load.latenciesMs, 50)),
    postP99Ms: round1(percentile(load.latenciesMs, 99)),
    postP999Ms: round1(percentile(load.latenciesMs, 99.9)),
    ...(worst ? { worstSecond: worst } : {}),
    endToEndP50Ms: percentile(orders.settleMs, 50),
    endToEndP99Ms: percentile(orders.settleMs, 99),
    endToEndP999Ms: percentile(orders.settleMs, 99.9),
    backlogAtEnd: orders.pending,
    errors: load.errors,
    cpu,
    hops,
    rejected: orders.rejected,
    errorKinds: load.errorKinds,
    connectionsOpened: load.connectionsOpened,
    settleSeconds: round1(settleSeconds),
    machineCoreShare: Math.round((spent(atStart, atLoadEnd, options.machine) / loadedMs) * 1_000) / 1_000,
    // Last: the longest field, so the figures above stay together in the JSON.
    latencySeries: series,
  };
  return { step, window: { fromUs, toUs } };
}

function spent(before: CpuReading, after: CpuReading, source: CpuSource): number {
  return after.get(source.name)! - before.get(source.name)!;
}

/** A step the system clearly did not keep up with: climbing further would only take time. */
export function clearlyFailed(step: FullFlowStep): boolean {
  return step.backlogAtEnd > 0 || step.achievedRate < 0.8 * step.targetRate;
}
