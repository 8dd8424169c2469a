import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a function of one of the repository's bash files, with these variables set (and no others of ours). */
async function bashFunction(file: string, fn: string, env: Record<string, string>): Promise<string[]> {
  const { BROKERS: _, BROKER: __, E2E_BROKERS: ___, ...inherited } = process.env;
  const { stdout } = await run('bash', ['-c', `source ${file} && ${fn}`], { env: { ...inherited, ...env } });
  return stdout.trim().split('\n');
}

describe('the test lanes', () => {
  const lanes = (e2eBrokers: string, testLanes = '2') =>
    bashFunction('scripts/test/lanes.sh', 'test_lanes', { E2E_BROKERS: e2eBrokers, TEST_LANES: testLanes }).then(
      (lines) =>
        lines.map((line) => {
          const [name, brokers, postgres, settings, projects] = line.split('|');
          return { name, brokers, postgres, settings, projects: projects.split(' ') };
        }),
    );

  it("npm test: one lane, every project on every broker, on the machine's PostgreSQL", async () => {
    expect(await lanes('', '')).toEqual([
      {
        name: 'all',
        brokers: 'kafka,rabbitmq,sqs',
        postgres: 'main',
        settings: '',
        projects: [
          'unit',
          'database',
          'e2e',
          'faults',
          'hostile',
          'dead-letters',
          'conformance',
          'cluster',
          'bench',
          'generator',
        ],
      },
    ]);
  });

  it('TEST_LANES=2: Kafka and SNS/SQS beside RabbitMQ, on PostgreSQL clusters of their own, every project once', async () => {
    const [side, main] = await lanes('');
    expect(side).toMatchObject({ name: 'kafka-sqs', brokers: 'kafka,sqs', postgres: 'side_lane:5433' });
    expect(side.settings).toContain('TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/test');
    expect(side.settings).toContain('TEST_POSTGRES_CLUSTER=side_lane');
    // The suites that need no broker run in the other lane only.
    expect(side.settings).toContain('BROKER_FREE_SUITES=skip');
    expect(main).toMatchObject({ name: 'rabbitmq', brokers: 'rabbitmq', postgres: 'main', settings: '' });
    const brokerProjects = ['e2e', 'faults', 'hostile', 'dead-letters', 'conformance', 'cluster'];
    expect(main.projects).toEqual(['unit', 'database', ...brokerProjects, 'bench', 'generator']);
    expect(side.projects).toEqual(brokerProjects);
  });

  it.each([
    ['rabbitmq', ['rabbitmq']],
    ['kafka', ['kafka']],
    ['sqs,kafka', ['sqs,kafka']],
    ['sqs,rabbitmq', ['sqs', 'rabbitmq']],
  ])('E2E_BROKERS=%s with TEST_LANES=2: the lanes test those brokers only', async (e2eBrokers, brokersOfEachLane) => {
    expect((await lanes(e2eBrokers)).map(({ brokers }) => brokers)).toEqual(brokersOfEachLane);
  });
});

describe('brokers:up', () => {
  const selected = (env: Record<string, string>) => bashFunction('scripts/brokers/lib.sh', 'selected_brokers', env);

  it('starts the brokers of E2E_BROKERS when BROKERS and BROKER are unset', async () => {
    expect(await selected({ E2E_BROKERS: 'rabbitmq,sqs' })).toEqual(['rabbitmq', 'sqs']);
    expect(await selected({})).toEqual(['kafka', 'rabbitmq', 'sqs']);
    expect(await selected({ E2E_BROKERS: 'sqs', BROKERS: 'kafka' })).toEqual(['kafka']);
  });
});

describe('a project narrowed by E2E_BROKERS', () => {
  it('skips the suites of the other brokers and says why: the cluster project on sqs starts no cluster', async () => {
    const { stdout } = await run(
      process.execPath,
      ['node_modules/jest/bin/jest.js', '--selectProjects', 'cluster', '--json', '--testPathPatterns', 'test/cluster'],
      { env: { ...process.env, E2E_BROKERS: 'sqs' }, maxBuffer: 16 * 1024 * 1024 },
    );
    const report = JSON.parse(stdout) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: Array<{ assertionResults: Array<{ status: string; ancestorTitles: string[] }> }>;
    };
    const tests = report.testResults.flatMap(({ assertionResults }) => assertionResults);
    expect(tests.length).toBeGreaterThan(0);
    expect(report).toMatchObject({ numPassedTests: 0, numFailedTests: 0 });
    for (const test of tests) {
      expect(test.status).toBe('pending');
      expect(test.ancestorTitles[0]).toMatch(/\(SKIPPED: (kafka|rabbitmq) is not in E2E_BROKERS=sqs\)$/);
    }
  }, 120_000);
});
