import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrokerName } from '#messaging';
import { waitFor } from '../poll.js';
import { REPOSITORY_ROOT } from '../repository-root.js';

const run = promisify(execFile);

/**
 * `npm run brokers:up -- --cluster` (or brokers:down) for one broker: what starts a cluster, and brings
 * back the nodes of it that are down, exactly as a person would.
 */
export async function clusterScript(broker: BrokerName, script: 'up.sh' | 'down.sh'): Promise<void> {
  await run('bash', [join(REPOSITORY_ROOT, 'scripts/brokers', script), '--cluster'], {
    env: { ...process.env, BROKERS: broker },
    // Longer than up.sh waits for a node (180 s): one booting beside a frozen peer is slow, not dead.
    timeout: 300_000,
  });
}

/**
 * True if `brokers:up -- --cluster` failed only because a node it started boots once a stalled peer
 * resumes (its exit status 75): with one node frozen and another restarting, no majority is left to
 * boot against, and the restarting node is left booting rather than started twice.
 */
export function bootsOnceStalledPeerResumes(error: unknown): boolean {
  return (error as { code?: unknown }).code === 75;
}

/** The pid scripts/brokers/cluster.sh wrote for a node it started, in .brokers/<broker>-cluster/node<n>/<pidFile>. */
export function clusterNodePid(broker: BrokerName, node: number, pidFile: string): number {
  return Number(readFileSync(join(REPOSITORY_ROOT, `.brokers/${broker}-cluster/node${node}`, pidFile), 'utf8'));
}

/**
 * True if the process is stopped by a signal (SIGSTOP: state T in /proc/<pid>/status), as the kernel
 * says: a stalled node holds its ports and answers nothing, so only the kernel can be asked.
 */
export function processStalled(pid: number): boolean {
  try {
    return /^State:\s+T\b/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false; // gone
  }
}

/**
 * The processes whose command line contains `commandLine` and whose environment holds `environment`
 * (NAME=value), read from /proc: how to find a node that left no pid file, without asking it.
 */
export function processesMatching(commandLine: string, environment: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => processMatches(pid, commandLine, environment));
}

export function processMatches(pid: number, commandLine: string, environment: string): boolean {
  try {
    return (
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(commandLine) &&
      readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(environment)
    );
  } catch {
    return false; // gone meanwhile, or not ours to read
  }
}

/**
 * Stops a cluster node's process: SIGKILL as a crash does (nothing handed over first), or SIGTERM as an
 * operator's rolling restart does (Kafka's controlled shutdown moves leadership away first; RabbitMQ's
 * Erlang VM stops its applications in order). Resolves once the process is gone.
 */
export async function stopClusterNode(description: string, pid: number, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  process.kill(pid, signal);
  await waitFor(`${description} to exit after ${signal}`, () => !existsSync(`/proc/${pid}`), {
    timeoutMs: signal === 'SIGKILL' ? 10_000 : 90_000,
    intervalMs: 200,
  });
}
