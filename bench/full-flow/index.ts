import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { BenchBroker, BenchDatabase, FullFlowResult } from '../bench-result.js';
import { OrderSystem, type ServiceProcess } from '#testing';
import { benchOrder, seedBenchStock } from './bench-orders.js';
import {
  formatProfileSummary,
  profileDirectory,
  profileOfPid,
  summariseProfile,
  type MonotonicWindow,
  type ProfileSummary,
} from './cpu-profiles.js';
import { FlowHopsReader } from './flow-hops.js';
import { formatHops } from './hop-names.js';
import { formatSeries } from './latency-series.js';
import { clearlyFailed, runLoadStep, type FullFlowStepDetail } from './load-step.js';
import { OrderRows } from './order-rows.js';
import { brokerCpu, loadGeneratorCpu, machineCpu, postgresCpu, processesCpu, type CpuSource } from './process-cpu.js';
import { measureSingleOrderSettle, type SingleOrderSettle } from './single-order-settle.js';

export interface FullFlowOptions {
  broker: BenchBroker;
  database: BenchDatabase;
  quick: boolean;
  profile: boolean;
  progress: (line: string) => void;
  /** Orders per second of each step, instead of the default ladder. */
  rates?: number[];
  durationSeconds?: number;
  /** Logs at info and traces exported to this OTLP receiver's environment; otherwise LOG_LEVEL=warn, no tracing. */
  observability?: Record<string, string>;
  /** inventory-service processes sharing its database (default 1; more take PostgreSQL). order-service runs one. */
  inventoryInstances?: number;
  /** More environment for every service process, e.g. MESSAGING_PREFETCH. */
  env?: Record<string, string>;
}

/** FullFlowResult, plus what explains its figures. */
export interface FullFlowRun extends FullFlowResult {
  broker: BenchBroker;
  singleOrder: SingleOrderSettle;
  steps: FullFlowStepDetail[];
  profileSummaries: ProfileSummary[];
}

const FULL = {
  rates: [250, 500, 1_000, 1_500, 2_000],
  durationSeconds: 20,
  settleWindowMs: 10_000,
  warmUpSeconds: 5,
};
const QUICK = { rates: [250, 500], durationSeconds: 3, settleWindowMs: 5_000, warmUpSeconds: 2 };
const SINGLE_ORDER_SAMPLES = 50;
/** Sustained: every order settled within the window, and the slowest 1% within this. */
const SUSTAINED_P99_MS = 250;

/**
 * The full flow (layer d): both services on the broker and database, one order at a time,
 * then open-loop constant-rate steps, timed from order-service's own timestamps, with the CPU every
 * process spent per order.
 */
export async function measureFullFlow(options: FullFlowOptions): Promise<FullFlowRun> {
  const { broker, database, progress } = options;
  const plan = options.quick ? QUICK : FULL;
  const rates = options.rates ?? plan.rates;
  const durationSeconds = options.durationSeconds ?? plan.durationSeconds;
  const runId = Date.now().toString(36);
  const inventoryInstances = options.inventoryInstances ?? 1;
  const profiles = options.profile ? profileDirectory(`${broker}-${database}-${runId}`) : undefined;

  const services =
    inventoryInstances === 1 ? 'both services' : `order-service and ${inventoryInstances} inventory-service instances`;
  progress(`full flow on ${broker} + ${database}: starting ${services}${profiles ? ' (profiling)' : ''}`);
  const system = await OrderSystem.start({
    broker,
    orderDatabase: database,
    inventoryDatabase: database,
    env: {
      LOG_LEVEL: options.observability ? 'log' : 'warn',
      ADMIN_TOKEN: randomUUID(),
      ...options.observability,
      ...options.env,
    },
    nodeArguments: profiles?.nodeArguments,
    instances: { inventory: inventoryInstances },
  });
  const servicePids = [
    ...instancePids('order-service', system.orderInstances),
    ...instancePids('inventory-service', system.inventoryInstances),
  ];
  const steps: FullFlowStepDetail[] = [];
  const windows: MonotonicWindow[] = [];
  let singleOrder: SingleOrderSettle;
  let rows: OrderRows | undefined;
  let hops: FlowHopsReader | undefined;
  try {
    const skus = await seedBenchStock(system);
    rows = await OrderRows.open(system.databaseUrl('orders'));
    hops = await FlowHopsReader.open(system.databaseUrl('orders'), system.databaseUrl('inventory'));
    // Ready is not yet consuming: a Kafka group may still be settling its members. One order through first.
    const first = await system.placeValidOrder(benchOrder(`bench-${runId}-first`, skus, 0));
    await system.waitUntilSettled(first.id, 60_000);
    singleOrder = await measureSingleOrderSettle(system, rows, skus, `bench-${runId}-single`, SINGLE_ORDER_SAMPLES);
    progress(
      `single order, no load: settled in p50 ${singleOrder.settleP50Ms} ms, p99 ${singleOrder.settleP99Ms} ms ` +
        `(seen by polling: p50 ${singleOrder.observedP50Ms.toFixed(1)} ms)`,
    );

    const cpuSources = cpuSourcesFor(system, broker, database, rows, progress);
    const loadAt = (label: string, ratePerSecond: number, seconds: number) =>
      runLoadStep({
        system,
        rows: rows!,
        hops: hops!,
        skus,
        customerId: `bench-${runId}-${label}`,
        ratePerSecond,
        durationSeconds: seconds,
        settleWindowMs: plan.settleWindowMs,
        cpuSources,
        machine: machineCpu(),
      });
    // The first load meets cold code (JIT, lazily opened statements and connections): not a step's business.
    // At the first step's rate: a lighter warm-up left the first step seconds of POST p99 that the same
    // rate run again right after it did not have.
    const warmUpRate = rates[0];
    progress(`warm-up: ${warmUpRate} orders/s for ${plan.warmUpSeconds} s, not reported`);
    await loadAt('warmup', warmUpRate, plan.warmUpSeconds);
    for (const [index, rate] of rates.entries()) {
      progress(`step ${rate} orders/s for ${durationSeconds} s ...`);
      // Each step its own customer, even when a rate is asked twice: a step reads back only its own orders.
      const { step, window } = await loadAt(`step${index + 1}-${rate}`, rate, durationSeconds);
      steps.push(step);
      windows.push(window);
      progress(describeStep(step));
      if (clearlyFailed(step)) {
        progress(`step ${rate} orders/s was not kept up with: not climbing further`);
        break;
      }
    }
    await drainBacklog(rows, options.quick ? 20_000 : 90_000, progress);
  } finally {
    await rows?.close();
    await hops?.close();
    // SIGTERM and a clean exit: only then does --cpu-prof write the profiles.
    await system.stop();
  }

  const profileSummaries: ProfileSummary[] = [];
  if (profiles) {
    for (const [service, pid] of servicePids) {
      const file = profileOfPid(profiles.directory, pid);
      if (!file) {
        progress(`${service} wrote no CPU profile (did it exit cleanly?)`);
        continue;
      }
      const summary = summariseProfile(service, file, windows);
      profileSummaries.push(summary);
      progress(formatProfileSummary(summary));
    }
    if (profileSummaries.length === 0) rmSync(profiles.directory, { recursive: true, force: true });
  }

  const sustained = steps.filter(
    (step) => step.endToEndP99Ms < SUSTAINED_P99_MS && step.backlogAtEnd === 0 && step.placed > 0,
  );
  return {
    broker,
    database,
    singleOrderSettleP50Ms: singleOrder!.settleP50Ms,
    singleOrder: singleOrder!,
    steps,
    sustainedRate: sustained.length > 0 ? Math.max(...sustained.map((step) => step.targetRate)) : null,
    profiles: profileSummaries.map((summary) => summary.path),
    profileSummaries,
  };
}

function cpuSourcesFor(
  system: OrderSystem,
  broker: BenchBroker,
  database: BenchDatabase,
  rows: OrderRows,
  progress: (line: string) => void,
): CpuSource[] {
  // Every instance of a service under the service's one name: the docs' per-process columns look for it.
  const pidsOf = (instances: ServiceProcess[]) => instances.map((instance) => instance.pid!);
  const sources = [
    processesCpu('order-service', pidsOf(system.orderInstances)),
    processesCpu('inventory-service', pidsOf(system.inventoryInstances)),
  ];
  const brokerSource = brokerCpu(broker);
  if (typeof brokerSource === 'string') progress(brokerSource);
  else sources.push(brokerSource);
  if (database === 'postgres') {
    const names = [system.databaseUrl('orders'), system.databaseUrl('inventory')].map((url) =>
      decodeURIComponent(new URL(url).pathname.slice(1)),
    );
    sources.push(postgresCpu(names, () => (rows.backendPid ? [rows.backendPid] : [])));
  }
  sources.push(loadGeneratorCpu());
  return sources;
}

/** Each instance's pid under its service's name, numbered from the second instance on. */
function instancePids(service: string, instances: ServiceProcess[]): Array<[string, number]> {
  return instances.map((instance, index) => [index === 0 ? service : `${service} #${index + 1}`, instance.pid!]);
}

/**
 * Events of a failed step still queued on the broker would be the next run's load (the consumer groups
 * and queues outlive the services), so the services get a bounded while to work them off first.
 */
async function drainBacklog(rows: OrderRows, limitMs: number, progress: (line: string) => void): Promise<void> {
  const deadline = Date.now() + limitMs;
  let pending = await rows.pendingTotal();
  if (pending === 0) return;
  progress(
    `waiting up to ${limitMs / 1_000} s for the ${pending} orders still PENDING, so no backlog outlives the run`,
  );
  while (pending > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    pending = await rows.pendingTotal();
  }
  if (pending > 0) progress(`${pending} orders still PENDING: their events stay queued on the broker`);
}

function describeStep(step: FullFlowStepDetail): string {
  const cpu = step.cpu.map((entry) => `${entry.process} ${entry.cpuMsPerOrder} ms`).join(', ');
  const errors = step.errors > 0 ? ` errors ${step.errors} ${JSON.stringify(step.errorKinds)}` : '';
  const worst = step.worstSecond ? `second ${step.worstSecond.second} (p99 ${step.worstSecond.p99Ms} ms)` : 'none';
  return (
    `  ${step.targetRate}/s: placed ${step.placed} at ${step.achievedRate}/s, POST p50 ${step.postP50Ms} / p99 ` +
    `${step.postP99Ms} / p99.9 ${step.postP999Ms} ms, worst ${worst}, end-to-end p50 ${step.endToEndP50Ms} / p99 ` +
    `${step.endToEndP99Ms} / p99.9 ${step.endToEndP999Ms} ms, backlog ${step.backlogAtEnd} after ` +
    `${step.settleSeconds} s${errors}\n  POST p99 per second, ms: ${formatSeries(step.latencySeries ?? [])}\n` +
    `  CPU per order: ${cpu}; machine busy ${step.machineCoreShare} cores\n  hops p50/p99 ms: ${formatHops(step.hops)}`
  );
}
