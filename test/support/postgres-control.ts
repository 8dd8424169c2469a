import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** Stops and starts this machine's PostgreSQL cluster, as the machine's own service commands do. */
export const postgresControl = {
  stop(): void {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version(), 'main', 'stop', '-m', 'fast'], {
      stdio: 'ignore',
    });
  },
  start(): void {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version(), 'main', 'start'], { stdio: 'ignore' });
  },
};

function version(): string {
  const [installed] = readdirSync('/etc/postgresql');
  if (!installed) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  return installed;
}
