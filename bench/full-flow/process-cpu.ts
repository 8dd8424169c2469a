import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { BenchBroker } from '../bench-result.js';

/** Clock ticks per second of /proc's CPU times (USER_HZ, normally 100). */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** One process (or group of processes) whose CPU the bench accounts for. */
export interface CpuSource {
  name: string;
  /** CPU time used so far, in milliseconds, user plus system. */
  readMs(): number;
}

interface ProcStat {
  pid: number;
  comm: string;
  /** user + system time of the process itself, in ticks. */
  ownTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone
  }
  // The command name is in parentheses and may hold spaces; the fields after it are fixed.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime 15.
  return { pid, comm: text.slice(text.indexOf('(') + 1, close), ownTicks: Number(fields[11]) + Number(fields[12]) };
}

function readCommandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

const ticksToMs = (ticks: number) => (ticks * 1_000) / TICKS_PER_SECOND;

export function processCpu(name: string, pid: number): CpuSource {
  return processesCpu(name, [pid]);
}

/**
 * Several processes as one source, e.g. every instance of a scaled-out service: per order, what the
 * service cost is their sum. NaN once one of them is gone, as for a single process: its time would be lost.
 */
export function processesCpu(name: string, pids: number[]): CpuSource {
  return {
    name,
    readMs: () => ticksToMs(pids.reduce((ticks, pid) => ticks + (readStat(pid)?.ownTicks ?? NaN), 0)),
  };
}

/** This process: the load generator, plus the bench's own reads of the order database. */
export function loadGeneratorCpu(): CpuSource {
  return {
    name: 'load-generator',
    readMs: () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1_000;
    },
  };
}

/** How each broker's server process is recognised among all processes. */
const BROKER_PROCESS: Record<BenchBroker, { label: string; matches: (comm: string, commandLine: string) => boolean }> =
  {
    kafka: { label: 'kafka (java)', matches: (_comm, line) => /\bkafka\.Kafka\b/.test(line) },
    rabbitmq: { label: 'rabbitmq (beam.smp)', matches: (comm, line) => comm === 'beam.smp' && line.includes('rabbit') },
    sqs: { label: 'sqs emulator (node)', matches: (_comm, line) => /sqs\/emulator\.mjs|fauxqs/.test(line) },
  };

/** The broker's server process, or undefined (with the reason) when none is running here. */
export function brokerCpu(broker: BenchBroker): CpuSource | string {
  const { label, matches } = BROKER_PROCESS[broker];
  const found = allPids().filter((pid) => {
    const stat = readStat(pid);
    return stat !== undefined && pid !== process.pid && matches(stat.comm, readCommandLine(pid));
  });
  if (found.length !== 1) return `${found.length} processes look like the ${broker} broker; its CPU is not reported`;
  return processCpu(label, found[0]);
}

/**
 * PostgreSQL's share of the work: the backends serving the given databases (their command line names
 * the database) plus the server's own processes (WAL writer, checkpointer...), which write for
 * whoever commits. Backends of other databases on the same server, and `excludePids` (the bench's own
 * connection), are not counted. A backend that ends between two readings loses its time, which is
 * why the services' pools, which keep their connections, are what this is for.
 */
export function postgresCpu(databaseNames: string[], excludePids: () => number[]): CpuSource {
  const serving = (line: string) => /\(\d+\)|\[local\]/.test(line);
  return {
    name: 'postgresql',
    readMs: () => {
      const excluded = new Set(excludePids());
      let ticks = 0;
      for (const pid of allPids()) {
        if (excluded.has(pid)) continue;
        const stat = readStat(pid);
        if (!stat || stat.comm !== 'postgres') continue;
        const line = readCommandLine(pid);
        const ours = serving(line) ? databaseNames.some((name) => line.includes(` ${name} `)) : true;
        if (ours) ticks += stat.ownTicks;
      }
      return ticksToMs(ticks);
    },
  };
}

/** Busy CPU of the whole machine (all cores), to show how much of it was someone else's. */
export function machineCpu(): CpuSource {
  return {
    name: 'whole machine',
    readMs: () => {
      const [, ...times] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
      // user nice system idle iowait irq softirq steal (guest is already inside user)
      const [user, nice, system, , , irq, softirq, steal] = times.map(Number);
      return ticksToMs(user + nice + system + irq + softirq + steal);
    },
  };
}

/** One reading of every source, to subtract from a later one. */
export type CpuReading = Map<string, number>;

export function readAll(sources: CpuSource[]): CpuReading {
  return new Map(sources.map((source) => [source.name, source.readMs()]));
}
