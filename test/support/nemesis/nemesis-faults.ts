import type { BrokerName } from '#messaging';
import { loopbackPartition, type BrokerControl, type OrderSystem, type ServiceProcess } from '#testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresControl } from '../postgres-control.js';
import type { BrokerFaultKind, FaultKind, ScheduledFault } from './fault-schedule.js';

/**
 * The broker as the nemesis sees it: nodes it may freeze, and on a cluster kill, restart cleanly or cut
 * off from their peers. What a broker cannot take (a single emulator has no peers, and would lose
 * everything it holds if killed) it does not offer.
 */
export interface NemesisBroker {
  readonly name: BrokerName;
  readonly nodes: readonly number[];
  freeze(node: number): void | Promise<void>;
  thaw(node: number): void | Promise<void>;
  kill?(node: number): Promise<void>;
  stopCleanly?(node: number): Promise<void>;
  partition?(node: number): void;
  heal?(): void;
  /** Brings back the nodes that are down and waits until the broker is whole again, frozen nodes excepted. */
  restore(): Promise<void>;
}

/** What KafkaCluster and RabbitmqCluster offer (libs/testing). */
interface Cluster {
  readonly nodes: readonly number[];
  freeze(node: number): void;
  thaw(node: number): void;
  kill(node: number): Promise<void>;
  stopCleanly(node: number): Promise<void>;
  partition(node: number): void;
  heal(): void;
  restore(): Promise<void>;
}

export function clusterUnderNemesis(name: BrokerName, cluster: Cluster): NemesisBroker {
  return {
    name,
    nodes: cluster.nodes,
    freeze: (node) => cluster.freeze(node),
    thaw: (node) => cluster.thaw(node),
    kill: (node) => cluster.kill(node),
    stopCleanly: (node) => cluster.stopCleanly(node),
    partition: (node) => cluster.partition(node),
    heal: () => cluster.heal(),
    restore: () => cluster.restore(),
  };
}

/** One broker process (the SNS/SQS emulator): it may be frozen and thawed, nothing more. */
export function singleNodeUnderNemesis(name: BrokerName, control: BrokerControl): NemesisBroker {
  return {
    name,
    nodes: [1],
    freeze: () => control.hang(),
    thaw: () => control.resume(),
    restore: async () => undefined,
  };
}

/** The broker fault kinds this broker and this machine allow, and why any is left out. */
export function brokerFaultKinds(broker: NemesisBroker): { kinds: BrokerFaultKind[]; leftOut: string[] } {
  const kinds: BrokerFaultKind[] = ['stall'];
  const leftOut: string[] = [];
  if (broker.kill) kinds.push('kill');
  else leftOut.push('kill: a single node with nothing to take over');
  if (broker.stopCleanly) kinds.push('clean restart');
  else leftOut.push('clean restart: a single node with nothing to take over');
  const cannotCut = broker.partition ? loopbackPartition.unavailableBecause() : 'a single node has no peers';
  if (cannotCut) leftOut.push(`partition: ${cannotCut}`);
  else kinds.push('partition');
  return { kinds, leftOut };
}

export interface NemesisTargets {
  broker: NemesisBroker;
  system: OrderSystem;
  /** Every service instance, order-service's first: a service kill's target indexes these. */
  instances: ServiceProcess[];
}

/** A fault applied: what was done, and how to undo it (thaw, start again, heal) and wait until whole. */
export interface AppliedFault {
  description: string;
  undo(): Promise<string>;
}

type Apply = (fault: ScheduledFault, targets: NemesisTargets) => Promise<AppliedFault>;

/** Each kind: its fault, and its repair, ending with the broker whole again (the next broker fault waits for it). */
const APPLY: Record<FaultKind, Apply> = {
  stall: async ({ target }, { broker }) => {
    await broker.freeze(target);
    return {
      description: `${broker.name} node ${target} frozen (SIGSTOP)`,
      undo: async () => {
        await broker.thaw(target);
        await broker.restore();
        return `node ${target} thawed (SIGCONT), whole again`;
      },
    };
  },
  kill: async ({ target }, { broker }) => {
    await broker.kill!(target);
    return {
      description: `${broker.name} node ${target} killed (SIGKILL)`,
      undo: async () => {
        await broker.restore();
        return `node ${target} started again, whole again`;
      },
    };
  },
  'clean restart': async ({ target }, { broker }) => {
    await broker.stopCleanly!(target);
    return {
      description: `${broker.name} node ${target} stopped cleanly (SIGTERM, exited)`,
      undo: async () => {
        await broker.restore();
        return `node ${target} started again, whole again`;
      },
    };
  },
  partition: async ({ target }, { broker }) => {
    broker.partition!(target);
    return {
      description: `${broker.name} node ${target} cut off from its peers (clients still reach it)`,
      undo: async () => {
        broker.heal!();
        await broker.restore();
        return `partition of node ${target} healed, whole again`;
      },
    };
  },
  'service kill': async ({ target }, { instances }) => {
    const instance = instances[target];
    const pid = instance.pid;
    await instance.kill();
    return {
      description: `${instance.name} instance ${target} killed (SIGKILL, pid ${pid})`,
      undo: async () => {
        const exits = await startLikeASupervisor(instance);
        const after = exits > 0 ? ` after ${exits} exit${exits > 1 ? 's' : ''} at start` : '';
        return `${instance.name} instance ${target} started again (pid ${instance.pid}), ready${after}`;
      },
    };
  },
  'postgres restart': async () => {
    postgresControl.stop();
    return {
      description: 'PostgreSQL stopped (pg_ctlcluster stop -m fast)',
      undo: async () => {
        postgresControl.start();
        return 'PostgreSQL started again';
      },
    };
  },
};

/**
 * Starts a service instance again as its supervisor would (Kubernetes' restartPolicy, systemd's
 * Restart=): a service exits at start when it cannot reach PostgreSQL (its migrations fail), and is
 * started again after a growing pause until it is ready. Returns how many times it exited at start.
 */
export async function startLikeASupervisor(instance: ServiceProcess, withinMs = 120_000): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (let exits = 0; ; exits += 1) {
    try {
      await instance.restart();
      return exits;
    } catch (error) {
      const exited = (error as Error).message.includes('exited during start');
      if (!exited || Date.now() > deadline) throw error;
      await sleep(Math.min(10_000, 1_000 * 2 ** exits));
    }
  }
}

export function applyFault(fault: ScheduledFault, targets: NemesisTargets): Promise<AppliedFault> {
  return APPLY[fault.kind](fault, targets);
}
