import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
    timeout: 180_000,
  });
}

/**
 * kill -9 of a cluster node's process (no controlled shutdown, nothing handed over first), whose pid
 * scripts/brokers/cluster.sh keeps in .brokers/<broker>-cluster/node<n>/<pidFile>.
 */
export async function killClusterNode(broker: BrokerName, node: number, pidFile: string): Promise<void> {
  const pid = Number(readFileSync(join(REPOSITORY_ROOT, `.brokers/${broker}-cluster/node${node}`, pidFile), 'utf8'));
  process.kill(pid, 'SIGKILL');
  await waitFor(`${broker} node ${node} to exit`, () => !existsSync(`/proc/${pid}`), { timeoutMs: 10_000 });
}
