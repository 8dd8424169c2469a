import type { DoctorContext } from '../doctor-context.js';
import { ALL, E2E, type Finding } from '../finding.js';

/**
 * npm test runs the Kafka suites beside the others on a PostgreSQL cluster of their own, since the fault
 * suites stop and start theirs (scripts/test.sh and scripts/test/lane-postgres.sh, which name the same).
 */
const LANE_CLUSTER = { name: 'side_lane', port: 5433 };
/** What scripts/test/lane-postgres.sh and test/support/postgres-control.ts run (postgresql-common, postgresql-client). */
const CLUSTER_TOOLS = ['pg_ctlcluster', 'pg_createcluster', 'pg_isready', 'psql', 'createdb'];

/** The server the tests create their databases on (libs/testing's test-databases.ts): trust auth, database `test`. */
export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

const INSTALL = [
  'sudo apt-get install -y postgresql',
  '# the tests log in as postgres without a password: trust on 127.0.0.1 (a test server only)',
  "sudo sed -i '1i host all postgres 127.0.0.1/32 trust' /etc/postgresql/*/main/pg_hba.conf",
  'sudo pg_ctlcluster $(ls /etc/postgresql) main restart',
  'sudo -u postgres createdb test',
];
const DOCKER =
  'docker run -d --name postgres -p 127.0.0.1:5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:15' +
  ' (enough for e2e; the fault suites stop and start a local cluster with pg_ctlcluster)';

export async function postgresFindings(context: DoctorContext): Promise<Finding[]> {
  const { probe } = context;
  const url = probe.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
  const shown = withoutPassword(url);
  const answer = await probe.postgres(url);
  // Debian's layout, which test/support/postgres-control.ts drives: /etc/postgresql/<version>/<cluster>.
  const [version] = probe.list('/etc/postgresql');
  const cluster = probe.env.TEST_POSTGRES_CLUSTER || 'main';
  const hasCluster = version !== undefined && probe.list(`/etc/postgresql/${version}`).includes(cluster);
  const server: Finding = {
    prerequisite: 'PostgreSQL server',
    status: answer.answers && answer.mayCreateDatabases ? 'ok' : 'missing',
    found: !answer.answers
      ? `${shown}: ${answer.error}`
      : `${answer.version} at ${shown}${answer.mayCreateDatabases ? '' : ', but its user may not create databases'}`,
    neededBy: [E2E, ALL],
    why: 'each e2e run puts one service on PostgreSQL, in a database of its own',
    install: answer.answers
      ? [`sudo -u postgres psql -c 'alter role ${new URL(url).username || 'postgres'} createdb'`]
      : INSTALL,
    docker: answer.answers ? undefined : DOCKER,
  };
  const missingTools = CLUSTER_TOOLS.filter((tool) => !probe.which(tool));
  const control: Finding = {
    prerequisite: 'pg_ctlcluster & co.',
    status: missingTools.length === 0 && hasCluster ? 'ok' : 'missing',
    found:
      missingTools.length > 0
        ? `${missingTools.join(', ')} not on PATH`
        : hasCluster
          ? `cluster ${version}/${cluster}`
          : `no cluster ${cluster} under /etc/postgresql`,
    neededBy: [ALL],
    why: "the fault suites stop and start this machine's PostgreSQL; npm test creates the Kafka and SNS/SQS lane's cluster",
    install: INSTALL,
  };
  const findings = [server, control];
  // Two lanes only with TEST_LANES=2, when Kafka or SNS/SQS runs beside RabbitMQ (scripts/test/lanes.sh).
  const { tested } = context.selection;
  const sideLane = tested.includes('kafka') || tested.includes('sqs');
  const twoLanes = context.probe.env.TEST_LANES === '2' && sideLane && tested.includes('rabbitmq');
  if (twoLanes) findings.push(await laneFinding(context, version));
  return findings;
}

async function laneFinding({ probe }: DoctorContext, version: string | undefined): Promise<Finding> {
  const created = version !== undefined && probe.list(`/etc/postgresql/${version}`).includes(LANE_CLUSTER.name);
  const taken = !created && (await probe.portAnswers('127.0.0.1', LANE_CLUSTER.port));
  return {
    prerequisite: 'Kafka and SNS/SQS lane PostgreSQL port',
    status: taken ? 'missing' : 'ok',
    found: created
      ? `${LANE_CLUSTER.port}: cluster ${LANE_CLUSTER.name}, reused`
      : taken
        ? `${LANE_CLUSTER.port} in use by another process`
        : `${LANE_CLUSTER.port} free (npm test creates cluster ${LANE_CLUSTER.name} there)`,
    neededBy: [ALL],
    why: 'the Kafka and SNS/SQS suites run on a PostgreSQL cluster of their own',
    install: [`sudo ss -ltnp 'sport = :${LANE_CLUSTER.port}'   # shows which process holds it`],
  };
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
