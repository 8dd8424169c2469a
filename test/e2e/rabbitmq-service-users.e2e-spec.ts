import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { EVENT_TYPES, PUBLICATIONS, SUBSCRIPTIONS } from '#events';
import { loadBrokerConnections } from '#messaging';
import { deadLetterQueue, EVENTS_EXCHANGE } from '#messaging/operator';
import amqp, { type ConfirmChannel } from 'amqplib';
import { describeOn, OrderSystem, SERVICE_USERS, serviceRabbitmqUrl, uniqueSku, waitFor } from '#testing';

const run = promisify(execFile);
const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');
const OPERATOR_URL = loadBrokerConnections(process.env).rabbitmqUrl;
const SERVICES = Object.keys(SUBSCRIPTIONS) as Array<keyof typeof SUBSCRIPTIONS>;

const rabbitmqctl = async <T>(...args: string[]) =>
  JSON.parse((await run('rabbitmqctl', ['-q', ...args, '--formatter', 'json'])).stdout || '[]') as T;

/** Runs `work` on a fresh channel as the service's own user: 'allowed', or the broker's reason for refusing. */
async function asServiceUser(service: string, work: (channel: ConfirmChannel) => Promise<unknown>): Promise<string> {
  const connection = await amqp.connect(serviceRabbitmqUrl(service, OPERATOR_URL));
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createConfirmChannel();
    let closedWith = '';
    channel.on('error', (error: Error) => (closedWith = error.message));
    try {
      await work(channel);
      return 'allowed';
    } catch (error) {
      // A refused publish fails its confirm with "channel closed"; the reason arrives with the close.
      return waitFor('the reason the broker closed the channel', () => closedWith || (error as Error).message, {
        timeoutMs: 2_000,
      }).then((reason) => `${(error as Error).message} ${reason}`);
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}

const publish = (routingKey: string) => (channel: ConfirmChannel) =>
  new Promise<void>((done, fail) =>
    channel.publish(EVENTS_EXCHANGE, routingKey, Buffer.from('{}'), {}, (error) => (error ? fail(error) : done())),
  );

const provisionUsers = () => {
  const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
  return run(process.execPath, ['--import', 'tsx', 'scripts/brokers/rabbitmq/provision-users.ts'], {
    cwd: REPOSITORY_ROOT,
    env,
    timeout: 60_000,
  });
};

describeOn('rabbitmq', 'each service on its own RabbitMQ user (rabbitmq)', () => {
  let system: OrderSystem;

  beforeAll(async () => {
    system = await OrderSystem.start({ broker: 'rabbitmq', orderDatabase: 'sqlite', inventoryDatabase: 'sqlite' });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('settles an order while both services are connected as their own users', async () => {
    const sku = uniqueSku('USERS');
    await system.putStock(sku, 2);
    const order = await system.placeValidOrder({ customerId: 'users-1', items: [{ sku, quantity: 2 }] });
    expect(await system.waitUntilSettled(order.id)).toMatchObject({ status: 'CONFIRMED' });

    const connections = await rabbitmqctl<Array<{ user: string }>>('list_connections', 'user');
    for (const service of SERVICES) expect(connections.map(({ user }) => user)).toContain(service);
  });

  describe.each(SERVICES)('the %s user', (service) => {
    const others = SERVICES.filter((other) => other !== service);
    const foreignTypes = EVENT_TYPES.filter((type) => !(PUBLICATIONS[service] as readonly string[]).includes(type));
    const unconsumedTypes = EVENT_TYPES.filter((type) => !(SUBSCRIPTIONS[service] as readonly string[]).includes(type));

    it.each(foreignTypes)('may not publish %s, which another service owns', async (type) => {
      expect(await asServiceUser(service, publish(type))).toMatch(/ACCESS_REFUSED.*topic/);
    });

    it.each(unconsumedTypes)('may not bind its queue to %s, which it does not consume', async (type) => {
      const outcome = await asServiceUser(service, (channel) => channel.bindQueue(service, EVENTS_EXCHANGE, type));
      expect(outcome).toMatch(/ACCESS_REFUSED.*topic/);
    });

    it("may not consume another service's queue, nor any dead-letter queue", async () => {
      for (const queue of [...others, ...others.map(deadLetterQueue), deadLetterQueue(service)]) {
        const outcome = await asServiceUser(service, (channel) => channel.consume(queue, () => undefined));
        expect({ queue, outcome }).toEqual({ queue, outcome: expect.stringMatching(/ACCESS_REFUSED/) });
      }
    });

    it('may not declare, delete or purge queues that are not its own', async () => {
      const stranger = `${uniqueSku('stranger').toLowerCase()}`;
      expect(await asServiceUser(service, (channel) => channel.assertQueue(stranger))).toMatch(/ACCESS_REFUSED/);
      for (const other of others) {
        expect(await asServiceUser(service, (channel) => channel.deleteQueue(other))).toMatch(/ACCESS_REFUSED/);
        expect(await asServiceUser(service, (channel) => channel.purgeQueue(other))).toMatch(/ACCESS_REFUSED/);
      }
    });

    it('may not log in with a wrong password', async () => {
      const url = new URL(serviceRabbitmqUrl(service, OPERATOR_URL));
      url.password = 'not-the-password';
      await expect(amqp.connect(url.toString())).rejects.toThrow(/ACCESS_REFUSED|authentication/i);
    });
  });

  it('brokers:up creates the users again without failing, and puts back permissions that were changed', async () => {
    const [service] = SERVICES;
    const wanted = SERVICE_USERS.find((user) => user.service === service)!.permissions;
    await run('rabbitmqctl', ['-q', 'set_permissions', service, '.*', '.*', '.*']);
    await run('rabbitmqctl', ['-q', 'set_topic_permissions', service, EVENTS_EXCHANGE, '.*', '.*']);

    const first = await provisionUsers();
    expect(first.stdout).toContain('ready');
    const permissions = await rabbitmqctl<Array<{ configure: string; write: string; read: string }>>(
      'list_user_permissions',
      service,
    );
    expect(permissions).toEqual([
      expect.objectContaining({ configure: wanted.configure, write: wanted.write, read: wanted.read }),
    ]);
    const topics = await rabbitmqctl<Array<{ exchange: string; write: string; read: string }>>(
      'list_user_topic_permissions',
      service,
    );
    expect(topics).toEqual(wanted.topics.map((topic) => expect.objectContaining(topic)));

    const second = await provisionUsers();
    expect(second.stdout).toContain('ready');
    // The services kept working through it: a fresh order still round-trips.
    const sku = uniqueSku('USERS');
    await system.putStock(sku, 1);
    const order = await system.placeValidOrder({ customerId: 'users-2', items: [{ sku, quantity: 1 }] });
    expect(await system.waitUntilSettled(order.id)).toMatchObject({ status: 'CONFIRMED' });
  }, 120_000);
});
