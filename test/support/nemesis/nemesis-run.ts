import type { BrokerName } from '#messaging';
import { waitFor } from '#testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { untilCaughtUp } from '../caught-up.js';
import { startFaultRun, type FaultRun } from '../fault-fixture.js';
import { postgresControl } from '../postgres-control.js';
import { checkReliability } from '../reliability-oracle.js';
import { freshSeed, planFaults, type FaultKind, type ScheduledFault } from './fault-schedule.js';
import {
  applyFault,
  brokerFaultKinds,
  startLikeASupervisor,
  type NemesisBroker,
  type NemesisTargets,
} from './nemesis-faults.js';
import { formatNemesisReport, NemesisTimeline, type NemesisReport } from './nemesis-report.js';
import { parkedRowsOf } from '../parked-rows.js';

export interface NemesisSettings {
  seed: number;
  /** Faults are drawn to start and end within this time (each fault's own repair included). */
  durationMs: number;
  /** Orders started per second throughout: what a 2-core machine carries beside three broker nodes. */
  ratePerSecond: number;
  /** Every accepted order must be in a final state this long after the last fault ended. */
  settleBoundMs: number;
}

/** NEMESIS_SEED replays a run (the same faults, targets and times); NEMESIS_DURATION_MS sets its length. */
export function nemesisSettings(defaultDurationMs: number): NemesisSettings {
  const seed = process.env.NEMESIS_SEED ? Number(process.env.NEMESIS_SEED) : freshSeed();
  const durationMs = process.env.NEMESIS_DURATION_MS ? Number(process.env.NEMESIS_DURATION_MS) : defaultDurationMs;
  if (!Number.isInteger(seed) || !(durationMs > 0))
    throw new Error('NEMESIS_SEED must be an integer and NEMESIS_DURATION_MS a positive number of milliseconds');
  return { seed, durationMs, ratePerSecond: 40, settleBoundMs: 120_000 };
}

/** How long a run of these settings takes at most: faults, their last repair, the settle bound and the checks. */
export function nemesisTimeoutMs(settings: NemesisSettings): number {
  return settings.durationMs + settings.settleBoundMs + 300_000;
}

const SKUS = 20;
/** OrderLoad's orders ask 2.25 units on average (1 to 3 of one SKU, one more of another every fourth). */
const UNITS_PER_ORDER = 2.25;

/**
 * Both services on PostgreSQL, as in production (so that it may be restarted under them), with stock for
 * about 60% of what the load will ask: orders are confirmed until SKUs run out, rejected after.
 */
export function startNemesisRun(broker: BrokerName, env: NodeJS.ProcessEnv, settings: NemesisSettings) {
  const expectedOrders = (settings.ratePerSecond * settings.durationMs) / 1_000;
  const unitsPerSku = Math.max(10, Math.round((expectedOrders * UNITS_PER_ORDER * 0.6) / SKUS));
  return startFaultRun(
    broker,
    { env, orderDatabase: 'postgres', inventoryDatabase: 'postgres' },
    { skus: SKUS, unitsPerSku },
  );
}

/**
 * A Jepsen-style nemesis: a steady load of orders while faults drawn from a seed hit the broker, the
 * services and PostgreSQL, overlapping as they come; then, with everything resumed and the cluster whole
 * again, the oracle: every accepted order settled within the bound, nothing applied twice or oversold,
 * no outbox row parked, every instance ready and still consuming. Prints a timeline as it goes and one
 * `[nemesis report]` line at the end.
 */
export async function runNemesis(broker: NemesisBroker, run: FaultRun, settings: NemesisSettings) {
  const { seed, durationMs, ratePerSecond, settleBoundMs } = settings;
  const instances = [...run.system.orderInstances, ...run.system.inventoryInstances];
  const targets: NemesisTargets = { broker, system: run.system, instances };
  const { kinds, leftOut } = brokerFaultKinds(broker);
  const schedule = planFaults(seed, durationMs, {
    brokerKinds: kinds,
    brokerNodes: broker.nodes,
    serviceInstances: instances.length,
    postgres: true,
  });
  const applied: Partial<Record<FaultKind, number>> = Object.fromEntries(
    [...kinds, 'service kill', 'postgres restart'].map((kind) => [kind, 0]),
  );

  console.log(
    `[nemesis] ${broker.name} | seed ${seed} (NEMESIS_SEED=${seed} replays it) | ${durationMs / 1_000} s | ` +
      `${schedule.length} faults planned: ${schedule.map(describePlanned).join('; ')}` +
      (leftOut.length ? ` | left out: ${leftOut.join('; ')}` : ''),
  );
  await untilCaughtUp(run);

  const timeline = new NemesisTimeline();
  let faultsOver = false;
  const load = run.load.run({
    count: Number.MAX_SAFE_INTEGER,
    concurrency: 16,
    ratePerSecond,
    // A careful client keeps retrying while a service restarts, PostgreSQL is away or a node is frozen.
    perOrderDeadlineMs: 120_000,
    until: () => faultsOver,
  });
  const progress = setInterval(() => timeline.line(`orders accepted so far: ${run.load.placed.length}`), 15_000);

  const runLane = async (faults: ScheduledFault[]) => {
    let previousOverMs = 0;
    for (const fault of faults) {
      const wait = Math.max(fault.atMs, previousOverMs + fault.gapMs) - timeline.elapsedMs();
      if (wait > 0) await sleep(wait); // the schedule, not an assertion
      const inflicted = await applyFault(fault, targets).catch((error: Error) => {
        timeline.line(`${fault.kind} FAILED to apply: ${firstLine(error)}`);
        throw error;
      });
      applied[fault.kind] = (applied[fault.kind] ?? 0) + 1;
      timeline.line(`${fault.kind}: ${inflicted.description} for ${(fault.lastsMs / 1_000).toFixed(1)} s`);
      await sleep(fault.lastsMs); // the fault lasts its scheduled time
      const undone = await inflicted.undo().catch((error: Error) => {
        timeline.line(`${fault.kind} FAILED to undo: ${firstLine(error)}`);
        throw error;
      });
      timeline.line(`${fault.kind} over: ${undone}`);
      previousOverMs = timeline.elapsedMs();
    }
  };
  const lanes = ['broker', 'service kill', 'postgres restart'].map((lane) =>
    schedule.filter((fault) => laneOf(fault.kind) === lane),
  );
  const outcomes = await Promise.allSettled(lanes.map(runLane));
  faultsOver = true;
  const faultsEndedAt = Date.now();
  clearInterval(progress);
  timeline.line('faults over; making everything whole again');
  const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
  if (failures.length > 0) await makeWhole(targets);
  await broker.restore();
  timeline.line(`${broker.name} whole again`);

  const orders = await load;
  timeline.line(`load over: ${orders.length} orders accepted, ${run.load.failed} given up on`);
  const reliability = await checkReliability(run.system, orders, run.stock, {
    settleTimeoutMs: Math.max(5_000, faultsEndedAt + settleBoundMs - Date.now()),
  });
  const parked = await parkedRowsOf(run.system);
  for (const row of parked.slice(0, 5))
    console.error(
      `parked in ${row.service}: ${row.type} ${row.subject} after ${row.attempts} attempts: ${row.lastError}`,
    );
  for (const instance of instances)
    await waitFor(
      `${instance.name} (pid ${instance.pid}) to be ready after the nemesis`,
      async () => (await fetch(`${instance.url}/health/ready`)).ok,
      { timeoutMs: 60_000, intervalMs: 500 },
    );

  const report: NemesisReport = {
    broker: broker.name,
    seed,
    durationMs,
    faults: applied,
    orders: reliability.orders,
    confirmed: reliability.confirmed,
    rejected: reliability.rejected,
    lost: reliability.lost,
    appliedTwice: reliability.appliedTwice,
    oversold: reliability.oversold,
    parked: parked.length,
    notAccepted: run.load.failed,
    settledAfterFaultsMs:
      reliability.settledAt === undefined ? undefined : Math.max(0, reliability.settledAt - faultsEndedAt),
  };
  console.log(formatNemesisReport(report));
  if (failures.length > 0)
    throw new Error(
      `the nemesis (seed ${seed}) could not apply or undo a fault: ${failures.map(firstLine).join('; ')}`,
    );
  return report;
}

/** An error's first line: a service's includes everything it said since it first started. */
function firstLine(error: Error): string {
  return error.message.split('\n')[0];
}

function laneOf(kind: FaultKind): string {
  return kind === 'service kill' || kind === 'postgres restart' ? kind : 'broker';
}

function describePlanned(fault: ScheduledFault): string {
  const target =
    fault.kind === 'postgres restart' ? '' : ` ${fault.kind === 'service kill' ? 'instance' : 'node'} ${fault.target}`;
  return `+${(fault.atMs / 1_000).toFixed(0)} s ${fault.kind}${target} ${(fault.lastsMs / 1_000).toFixed(0)} s`;
}

/** After a fault that could not be undone: everything resumed, healed and started again that can be. */
async function makeWhole({ broker, instances }: NemesisTargets): Promise<void> {
  broker.heal?.();
  for (const node of broker.nodes) {
    try {
      await broker.thaw(node);
    } catch {
      // a dead node has nothing to thaw
    }
  }
  try {
    postgresControl.start();
  } catch {
    // already running
  }
  for (const instance of instances) {
    const live = await fetch(`${instance.url}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (!live) await startLikeASupervisor(instance);
  }
}
