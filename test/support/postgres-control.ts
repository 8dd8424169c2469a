import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/**
 * Stops and starts the PostgreSQL cluster the tests run on, as the machine's own service commands do:
 * the machine's `main` cluster, or a test lane's own (TEST_POSTGRES_CLUSTER, scripts/test/lane-postgres.sh).
 */
export const postgresControl = {
  stop(): void {
    pgCtlCluster('stop', '-m', 'fast');
  },
  start(): void {
    pgCtlCluster('start');
  },
};

function pgCtlCluster(...action: string[]): void {
  const cluster = process.env.TEST_POSTGRES_CLUSTER || 'main';
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version(), cluster, ...action], { stdio: 'ignore' });
}

function version(): string {
  const [installed] = readdirSync('/etc/postgresql');
  if (!installed) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  return installed;
}
