import { execFileSync } from 'node:child_process';

/** The one process on this machine whose command line matches `pattern` (pgrep -f); anything else is an error. */
export function pidOf(pattern: string): number {
  const pids = execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').map(Number);
  if (pids.length !== 1 || !pids[0])
    throw new Error(`expected one process matching ${pattern}, found ${pids.join(', ')}`);
  return pids[0];
}
