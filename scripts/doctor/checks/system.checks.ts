import type { DoctorContext } from '../doctor-context.js';
import { commandsOn } from '../broker-selection.js';
import { ALL, COMMANDS, E2E, type Finding } from '../finding.js';

/** Commands the test harness runs itself (libs/testing, test/support). */
const TOOLS = { ss: 'iproute2', tc: 'iproute2', ip: 'iproute2', pgrep: 'procps' } as const;

export function systemFindings({ probe, selection }: DoctorContext): Finding[] {
  const missingTools = Object.keys(TOOLS).filter((tool) => !probe.which(tool));
  const packages = [...new Set(missingTools.map((tool) => TOOLS[tool as keyof typeof TOOLS]))];
  // Every command on RabbitMQ calls rabbitmqctl (brokers:up creates the services' users), which Debian runs for root only.
  const viaRabbitmqctl = commandsOn(selection, 'rabbitmq');
  const rootNeededBy = COMMANDS.filter((command) => command === ALL || viaRabbitmqctl.includes(command));
  return [
    {
      prerequisite: 'root',
      status: probe.isRoot ? 'ok' : 'missing',
      found: probe.isRoot ? 'running as root' : 'not root',
      neededBy: rootNeededBy,
      why: 'pg_ctlcluster stops PostgreSQL, rabbitmqctl reads /var/lib/rabbitmq/.erlang.cookie, tc and ip cut loopback traffic',
      install: ['sudo -E npm test   # or run the suites in a CI container as root'],
    },
    {
      prerequisite: 'ss, tc, ip, pgrep',
      status: missingTools.length === 0 ? 'ok' : 'missing',
      found: missingTools.length === 0 ? 'on PATH' : `${missingTools.join(', ')} not on PATH`,
      neededBy: [E2E, ALL],
      why: 'the suites count connections (ss), find broker processes (pgrep), partition clusters (tc, ip)',
      install: [`sudo apt-get install -y ${packages.join(' ') || 'iproute2 procps'}`],
    },
  ];
}
