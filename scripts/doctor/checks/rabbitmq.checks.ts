import type { DoctorContext } from '../doctor-context.js';
import { commandsOn } from '../broker-selection.js';
import { ALL, notNeeded, type Finding } from '../finding.js';
import { firstVersion } from '../versions.js';

const INSTALL = ['sudo apt-get install -y rabbitmq-server   # npm run brokers:up starts it when it is not running'];

export async function rabbitmqFindings({ probe, selection }: DoctorContext): Promise<Finding[]> {
  const rows = { server: 'RabbitMQ server', cli: 'rabbitmqctl (as root)' };
  const using = commandsOn(selection, 'rabbitmq');
  if (using.length === 0) return notNeeded('rabbitmq is neither in E2E_BROKERS nor BROKER', rows.server, rows.cli);
  const { host, port } = hostAndPort(probe.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const answering = await probe.portAnswers(host, port);
  const installed = probe.which('rabbitmq-server') !== undefined;
  // rabbitmqctl version asks the CLI, not the node; Debian's wrapper runs it only for root or the rabbitmq user.
  const cliVersion = firstVersion(probe.output('rabbitmqctl', ['version']) ?? '');
  return [
    {
      prerequisite: rows.server,
      status: installed || !using.includes(ALL) ? 'ok' : 'missing',
      found: `${installed ? 'rabbitmq-server installed' : 'rabbitmq-server not on PATH'}; ${
        answering ? `answering on ${host}:${port}` : `nothing on ${host}:${port} (brokers:up starts it)`
      }`,
      // One answering already serves the e2e suites and the demo; the cluster suite starts three nodes of its own.
      neededBy: answering ? using.filter((command) => command === ALL) : using,
      why: answering ? 'the cluster suite starts three nodes from the package' : 'the broker',
      install: INSTALL,
      docker: 'docker compose up --wait rabbitmq, with RABBITMQ_URL=amqp://admin:admin-local@127.0.0.1:5672',
    },
    {
      prerequisite: rows.cli,
      status: cliVersion ? 'ok' : 'missing',
      found: cliVersion
        ? `${cliVersion}`
        : probe.which('rabbitmqctl')
          ? "on PATH but does not run (Debian's rabbitmqctl runs for root or the rabbitmq user only)"
          : 'not on PATH',
      neededBy: using,
      why: "brokers:up creates the services' users; the suites read queues, change permissions, stop the node",
      install: [...INSTALL, '# then run the tests as root: sudo -E npm test'],
    },
  ];
}

/** "amqp://user:pass@host:5672/vhost" -> host and port (5672 when none is given). */
export function hostAndPort(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url);
  return { host: hostname || '127.0.0.1', port: Number(port) || 5672 };
}
