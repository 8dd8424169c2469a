/**
 * npm run doctor: checks each prerequisite of the tests and the demo on this machine, says how to install
 * what is missing (Debian/Ubuntu commands, and the Docker alternative), and exits 1 when something a
 * command needs is missing. The brokers are those of the tests (E2E_BROKERS) and of the demo (BROKER).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { selectBrokers } from './doctor/broker-selection.js';
import { renderReport } from './doctor/report.js';
import { exitCode, runChecks } from './doctor/run-checks.js';
import { systemProbe } from './doctor/system-probe.js';

const USAGE = `usage: npm run doctor [-- --help]
  -h, --help                this help
Checks what npm run test:unit, npm run test:e2e, npm test and npm run demo need on this machine: Node and
npm, node_modules, Java 17+ and Maven (Kafka), RabbitMQ and rabbitmqctl, PostgreSQL and pg_ctlcluster, root,
the tools the suites run, and the fixed ports of the brokers and clusters. For each missing one it prints
the Debian/Ubuntu command that installs it and the Docker alternative. Exit code 0 when nothing is
missing, 1 when something is, 2 for a bad option or broker name.
Read as the scripts read them: E2E_BROKERS (the brokers of npm test and test:e2e; default all three),
BROKER (the demo's; default rabbitmq), KAFKA_BROKERS and RABBITMQ_URL (where a running broker is looked
for), TEST_POSTGRES_URL (the tests' PostgreSQL, default postgres://postgres@127.0.0.1:5432/test).
examples:
  npm run doctor
  E2E_BROKERS=rabbitmq npm run doctor`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  console.error(`doctor: unknown option '${args[0]}'\n\n${USAGE}`);
  process.exit(2);
}

const root = resolve(import.meta.dirname, '..');
const { engines } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { engines: { node: string } };
let selection;
try {
  selection = selectBrokers(process.env);
} catch (error) {
  console.error(`doctor: ${(error as Error).message}`);
  process.exit(2);
}
const findings = await runChecks({ probe: systemProbe(root), selection, nodeEngines: engines.node });
console.log(renderReport(findings, selection));
process.exit(exitCode(findings));
