import type { BrokerName } from '#messaging';
import {
  BROKERS_UNDER_TEST,
  postgresDatabase,
  ServiceProcess,
  sqliteDatabase,
  TEST_POSTGRES_URL,
  type TestDatabase,
  waitFor,
} from '#testing';
import { connectionsOf } from '../support/tcp-connections.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const BROKER_ADDRESS: Record<BrokerName, { host: string; port: number }> = {
  kafka: { host: '127.0.0.1', port: 9092 },
  rabbitmq: { host: '127.0.0.1', port: 5672 },
  sqs: { host: '127.0.0.1', port: 4566 },
};

/** The broker variable pointing through `port` instead of at the broker itself (Kafka's clients go to the
 * address the broker advertises after the first contact, so only its bootstrap could be redirected). */
function brokerThrough(broker: BrokerName, port: number): NodeJS.ProcessEnv {
  if (broker === 'rabbitmq') return { RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${port}` };
  if (broker === 'sqs') return { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` };
  return {};
}

async function ready(service: ServiceProcess): Promise<{ status: number; body: string }> {
  const response = await fetch(`${service.url}/health/ready`);
  return { status: response.status, body: await response.text() };
}

describe.each(BROKERS_UNDER_TEST)('GET /health/ready (%s)', (broker) => {
  describe('on a healthy service', () => {
    let database: TestDatabase;
    let service: ServiceProcess;

    beforeAll(async () => {
      database = sqliteDatabase('readiness');
      service = await ServiceProcess.start('order-service', { BROKER: broker, DATABASE_URL: database.url });
    }, 90_000);

    afterAll(async () => {
      await service?.stop();
      await database?.drop();
    }, 30_000);

    it('answers 200 calls without opening a single new broker connection', async () => {
      const before = connectionsOf(service.pid!, BROKER_ADDRESS[broker].port);
      const answers: number[] = [];
      for (let burst = 0; burst < 10; burst += 1) {
        answers.push(...(await Promise.all(Array.from({ length: 20 }, async () => (await ready(service)).status))));
      }
      const after = connectionsOf(service.pid!, BROKER_ADDRESS[broker].port);

      expect(answers).toEqual(Array(200).fill(200));
      expect([...after].filter((connection) => !before.has(connection))).toEqual([]);
      console.log(
        `[readiness] ${broker}: 200 calls, broker connections ${before.size} before, ${after.size} after, ` +
          `${[...after].filter((connection) => !before.has(connection)).length} new`,
      );
    }, 60_000);
  });

  describe('on a service whose dependencies went away', () => {
    let database: TestDatabase;
    let service: ServiceProcess;
    let databaseProxy: TcpProxy;
    let brokerProxy: TcpProxy;

    beforeAll(async () => {
      database = await postgresDatabase('readiness_closed');
      const postgres = new URL(TEST_POSTGRES_URL);
      databaseProxy = await TcpProxy.start({ host: postgres.hostname, port: Number(postgres.port || 5432) });
      brokerProxy = await TcpProxy.start(BROKER_ADDRESS[broker]);
      const throughProxy = new URL(database.url);
      throughProxy.port = String(databaseProxy.port);
      service = await ServiceProcess.start('order-service', {
        BROKER: broker,
        DATABASE_URL: throughProxy.toString(),
        ...brokerThrough(broker, brokerProxy.port),
        LOG_LEVEL: 'log',
      });
    }, 90_000);

    afterAll(async () => {
      await service?.kill();
      await Promise.all([databaseProxy?.close(), brokerProxy?.close()]);
      await database?.drop();
    }, 30_000);

    it('answers 503 with generic reasons, and keeps the cause in the log only', async () => {
      expect((await ready(service)).status).toBe(200);
      await Promise.all([databaseProxy.close(), brokerProxy.close()]);

      const expectedDown = broker === 'kafka' ? ['database'] : ['broker', 'database'];
      const answer = await waitFor('readiness to report the closed ports', async () => {
        const current = await ready(service);
        const body = JSON.parse(current.body) as { error?: Record<string, unknown> };
        return current.status === 503 && Object.keys(body.error ?? {}).length === expectedDown.length && current;
      });
      const body = JSON.parse(answer.body) as { status: string; error: Record<string, { message: string }> };
      expect(body.status).toBe('error');
      expect(body.error.database).toEqual({ status: 'down', message: 'database unreachable' });
      if (broker !== 'kafka') expect(body.error.broker).toEqual({ status: 'down', message: 'broker unreachable' });

      // Nothing that locates or identifies the infrastructure: hosts, ports, users, database names, paths.
      const database_name = new URL(database.url).pathname.slice(1);
      for (const secret of [
        '127.0.0.1',
        'localhost',
        String(databaseProxy.port),
        String(brokerProxy.port),
        'postgres',
        'guest',
        database_name,
        'ECONNREFUSED',
        '/',
      ]) {
        expect(answer.body).not.toContain(secret);
      }
      await waitFor('the cause in the service log', () =>
        /database unreachable: .*(ECONNREFUSED|terminat)/i.test(service.logs),
      );
      // The cause is logged once per outage, then at most every 30 s: not once per call.
      for (let call = 0; call < 20; call += 1) await ready(service);
      expect(service.logs.match(/database unreachable:/g)?.length).toBe(1);
    }, 60_000);
  });
});
