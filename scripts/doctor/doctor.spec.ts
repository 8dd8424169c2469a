import { selectBrokers } from './broker-selection.js';
import { ALL, DEMO, E2E, type Finding } from './finding.js';
import type { Probe } from './probe.js';
import { renderReport } from './report.js';
import { exitCode, runChecks } from './run-checks.js';
import { javaVersion, satisfiesMinimum } from './versions.js';

/** A machine with everything installed and running, as this repository's CI machine is. */
const COMPLETE_MACHINE = {
  commands: {
    npm: '11.19.1\n',
    java: 'openjdk version "17.0.15" 2025-04-15\n',
    mvn: 'Apache Maven 3.8.7\n',
    'rabbitmq-server': '',
    rabbitmqctl: '3.10.8\n',
    pg_ctlcluster: '',
    pg_createcluster: '',
    pg_isready: '',
    psql: '',
    createdb: '',
    ss: '',
    tc: '',
    ip: '',
    pgrep: '',
  } as Record<string, string>,
  answering: [5432, 5672, 9092, 4566],
};

function machine(change: { without?: string[]; answering?: number[]; env?: NodeJS.ProcessEnv } & Partial<Probe> = {}) {
  const { without = [], answering = COMPLETE_MACHINE.answering, env = {}, ...rest } = change;
  const commands = Object.fromEntries(
    Object.entries(COMPLETE_MACHINE.commands).filter(([command]) => !without.includes(command)),
  );
  const probe: Probe = {
    env,
    nodeVersion: 'v20.20.2',
    isRoot: true,
    which: (command) => (command in commands ? `/usr/bin/${command}` : undefined),
    output: (command) => commands[command],
    portAnswers: async (_host, port) => answering.includes(port),
    postgres: async () =>
      answering.includes(5432)
        ? { answers: true, version: '15.20', mayCreateDatabases: true }
        : { answers: false, error: 'connect ECONNREFUSED 127.0.0.1:5432' },
    nodeModulesProblem: () => undefined,
    list: (directory) => ({ '/etc/postgresql': ['15'], '/etc/postgresql/15': ['main'] })[directory] ?? [],
    ...rest,
  };
  return probe;
}

async function doctor(probe: Probe) {
  const selection = selectBrokers(probe.env);
  const findings = await runChecks({ probe, selection, nodeEngines: '>=20.19' });
  return { findings, report: renderReport(findings, selection), exitCode: exitCode(findings) };
}

const row = (findings: Finding[], prerequisite: string) => findings.find((f) => f.prerequisite === prerequisite)!;

describe('npm run doctor', () => {
  it('passes on a machine with everything, every broker selected', async () => {
    const { findings, report, exitCode } = await doctor(machine());

    expect(findings.filter((finding) => finding.status !== 'ok')).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report).toMatch(/npm test\s+yes/);
  });

  it('names Java as missing, with the command that installs it, when Kafka is selected', async () => {
    const { findings, report, exitCode } = await doctor(machine({ without: ['java'], answering: [5432] }));

    expect(row(findings, 'Java 17+ (Kafka)')).toMatchObject({ status: 'missing', found: 'java not on PATH' });
    expect(report).toContain('sudo apt-get install -y openjdk-17-jre-headless maven');
    expect(report).toContain('docker compose up --wait kafka');
    expect(report).toMatch(/npm run test:unit\s+yes/);
    expect(report).toMatch(/npm run test:e2e\s+no: Java 17\+ \(Kafka\)/);
    expect(exitCode).toBe(1);
  });

  it('does not ask for Java when Kafka is not among the brokers', async () => {
    const { findings, exitCode } = await doctor(
      machine({ without: ['java', 'mvn'], env: { E2E_BROKERS: 'rabbitmq' } }),
    );

    expect(row(findings, 'Java 17+ (Kafka)').status).toBe('not needed');
    expect(exitCode).toBe(0);
  });

  it('asks for Java for the demo alone when BROKER=kafka', async () => {
    const env = { E2E_BROKERS: 'rabbitmq', BROKER: 'kafka' };
    const { findings, report } = await doctor(machine({ without: ['java'], answering: [5432, 5672], env }));

    expect(row(findings, 'Java 17+ (Kafka)')).toMatchObject({ status: 'missing', neededBy: [DEMO] });
    expect(report).toMatch(/npm test\s+yes/);
  });

  it('with Kafka already answering, needs Java only for the cluster suite of npm test', async () => {
    const { findings, report } = await doctor(machine({ without: ['java'] }));

    expect(row(findings, 'Java 17+ (Kafka)').neededBy).toEqual([ALL]);
    expect(report).toMatch(/npm run test:e2e\s+yes/);
  });

  it('refuses a Java older than 17', async () => {
    const probe = machine();
    const old = machine({
      output: (command, args) => (command === 'java' ? 'java version "1.8.0_402"' : probe.output(command, args)),
    });

    expect(row((await doctor(old)).findings, 'Java 17+ (Kafka)')).toMatchObject({
      status: 'missing',
      found: '1.8.0_402, too old',
    });
  });

  it('tells how to install PostgreSQL as the tests log in to it, or run it with Docker', async () => {
    const { findings, report } = await doctor(machine({ answering: [5672, 9092, 4566] }));

    expect(row(findings, 'PostgreSQL server')).toMatchObject({ status: 'missing', neededBy: [E2E, ALL] });
    expect(report).toContain('sudo apt-get install -y postgresql');
    expect(report).toContain(
      "sudo sed -i '1i host all postgres 127.0.0.1/32 trust' /etc/postgresql/*/main/pg_hba.conf",
    );
    expect(report).toContain('sudo -u postgres createdb test');
    expect(report).toContain('-e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:15');
    expect(report).toMatch(/npm run test:unit\s+yes/);
  });

  it('reads TEST_POSTGRES_URL, and never prints its password', async () => {
    const env = { TEST_POSTGRES_URL: 'postgres://tester:secret@db.example:5433/test' };
    const { findings } = await doctor(machine({ env, answering: [] }));

    expect(row(findings, 'PostgreSQL server').found).toContain('postgres://tester:***@db.example:5433/test');
    expect(row(findings, 'PostgreSQL server').found).not.toContain('secret');
  });

  it('needs root for rabbitmqctl in the e2e suites, and for the fault suites', async () => {
    const { findings, report } = await doctor(machine({ isRoot: false }));

    expect(row(findings, 'root').neededBy).toEqual([E2E, ALL, DEMO]);
    expect(report).toMatch(/npm run test:unit\s+yes/);
    expect(report).toMatch(/npm test\s+no: root/);
  });

  it("finds Kafka's controller port taken when Kafka itself is not running", async () => {
    const taken = await doctor(machine({ answering: [5432, 9093] }));
    const reused = await doctor(machine({ answering: [5432, 9092, 9093] }));

    expect(row(taken.findings, 'Kafka ports')).toMatchObject({
      status: 'missing',
      found: '9093 in use by another process',
    });
    expect(row(reused.findings, 'Kafka ports').status).toBe('ok');
  });

  it("with TEST_LANES=2, finds the port of the Kafka and SNS/SQS lane's PostgreSQL cluster taken before npm test creates the cluster", async () => {
    const answering = [...COMPLETE_MACHINE.answering, 5433];
    const clusters: Record<string, string[]> = {
      '/etc/postgresql': ['15'],
      '/etc/postgresql/15': ['main', 'side_lane'],
    };
    const taken = await doctor(machine({ answering, env: { TEST_LANES: '2' } }));
    const created = await doctor(
      machine({ answering, env: { TEST_LANES: '2' }, list: (directory) => clusters[directory] ?? [] }),
    );
    const kafkaAlone = await doctor(machine({ answering, env: { TEST_LANES: '2', E2E_BROKERS: 'kafka,sqs' } }));
    const oneLane = await doctor(machine({ answering }));

    expect(row(taken.findings, 'Kafka and SNS/SQS lane PostgreSQL port').status).toBe('missing');
    expect(row(created.findings, 'Kafka and SNS/SQS lane PostgreSQL port').status).toBe('ok');
    expect(row(kafkaAlone.findings, 'Kafka and SNS/SQS lane PostgreSQL port')).toBeUndefined();
    expect(row(oneLane.findings, 'Kafka and SNS/SQS lane PostgreSQL port')).toBeUndefined();
  });

  it("warns, without failing, when the services' default ports are taken", async () => {
    const { findings, exitCode } = await doctor(machine({ answering: [...COMPLETE_MACHINE.answering, 3000] }));

    expect(row(findings, 'service ports')).toMatchObject({ status: 'warning', found: expect.stringContaining('3000') });
    expect(exitCode).toBe(0);
  });

  it('says node_modules is missing, which every command needs', async () => {
    const { report } = await doctor(machine({ nodeModulesProblem: () => 'node_modules is missing' }));

    expect(report).toMatch(/npm run test:unit\s+no: node_modules/);
    expect(report).toContain('npm ci');
  });

  it('refuses a Node older than the engines range', async () => {
    const { findings } = await doctor(machine({ nodeVersion: 'v20.11.1' }));

    expect(row(findings, 'Node.js >=20.19').status).toBe('missing');
  });
});

describe('doctor helpers', () => {
  it('selects brokers as the scripts do: E2E_BROKERS for the tests (all by default), BROKER for the demo', () => {
    expect(selectBrokers({})).toEqual({ tested: ['kafka', 'rabbitmq', 'sqs'], demo: 'rabbitmq' });
    expect(selectBrokers({ E2E_BROKERS: 'kafka, sqs', BROKER: 'kafka' })).toEqual({
      tested: ['kafka', 'sqs'],
      demo: 'kafka',
    });
    expect(() => selectBrokers({ E2E_BROKERS: 'kafak' })).toThrow("unknown broker 'kafak'");
  });

  it('compares versions with a >= range and reads Java versions', () => {
    expect(satisfiesMinimum('v20.19.0', '>=20.19')).toBe(true);
    expect(satisfiesMinimum('v24.1.0', '>=20.19')).toBe(true);
    expect(satisfiesMinimum('v20.18.3', '>=20.19')).toBe(false);
    expect(satisfiesMinimum('v20.19.0', '^20.19')).toBeUndefined();
    expect(javaVersion('openjdk version "21" 2023-09-19')).toEqual({ version: '21', major: 21 });
    expect(javaVersion('bash: java: not found')).toBeUndefined();
  });
});
