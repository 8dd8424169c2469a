import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Nodes of `npm run brokers:up -- --cluster` (scripts/brokers/cluster.sh): never the single node's process. */
const CLUSTER_NODE = /\.brokers\/(kafka|rabbitmq)-cluster\//;

/**
 * The one process on this machine whose command line matches `pattern` (pgrep -f), leaving out the
 * nodes of a local cluster that may run beside the single node; anything else is an error.
 */
export function pidOf(pattern: string): number {
  const pids = execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map(Number)
    .filter((pid) => !CLUSTER_NODE.test(commandLineOf(pid)));
  if (pids.length !== 1 || !pids[0])
    throw new Error(`expected one process matching ${pattern}, found ${pids.join(', ')}`);
  return pids[0];
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return ''; // gone meanwhile
  }
}
