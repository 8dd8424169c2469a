import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  BROKERS_UNDER_TEST,
  describeWithoutBroker,
  freePort,
  ServiceProcess,
  sqliteDatabase,
  type TestDatabase,
} from '#testing';

const ROOT = resolve(import.meta.dirname, '../..');

/** Starts the built order-service and waits for it to exit on its own (it must refuse to start). */
function refusedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const { NODE_OPTIONS: _jestOnly, ...inherited } = process.env;
    const child = spawn(process.execPath, ['dist/apps/order-service/src/main.js'], {
      cwd: ROOT,
      env: { ...inherited, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the service started instead of refusing:\n${output}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describeWithoutBroker()('a service refuses a bad configuration before it starts', () => {
  it.each([
    [{ LOG_LEVEL: 'nonsense' }, /LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose .*got "nonsense"/],
    [{ PORT: '70000' }, /PORT must be an integer from 1 to 65535; got "70000"/],
    [{ KAFKA_BROKERS: 'kafka' }, /KAFKA_BROKERS must be a comma-separated list of host:port/],
    [{ NODE_ENV: 'production', BROKER: 'rabbitmq' }, /RABBITMQ_URL uses RabbitMQ's default guest account/],
    [{ NODE_ENV: 'production', BROKER: 'sqs' }, /AWS_ENDPOINT_URL is unset, which means the local emulator/],
  ])(
    '%p',
    async (env, message) => {
      const { code, output } = await refusedStart({ DATABASE_URL: ':memory:', PORT: String(await freePort()), ...env });
      expect(code).toBe(1);
      // One clear JSON line, not a stack trace.
      const lines = output.trim().split('\n');
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 'fatal', context: 'Configuration', msg: expect.stringMatching(message) });
      expect(line.msg).toMatch(/^refusing to start: /);
      expect(output).not.toMatch(/\n\s+at /);
    },
    30_000,
  );
});

describe.each(BROKERS_UNDER_TEST)('LOG_LEVEL=info (%s)', (broker) => {
  let database: TestDatabase;
  let service: ServiceProcess;

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  }, 30_000);

  it("shows the service's start-up line", async () => {
    database = sqliteDatabase('log-level');
    service = await ServiceProcess.start('order-service', {
      BROKER: broker,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
    });
    expect(service.logLines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        service: 'order-service',
        context: 'Bootstrap',
        msg: `order-service listening on :${service.port} with ${broker}`,
      }),
    );
  }, 90_000);
});
