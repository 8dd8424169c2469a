import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBSCRIPTIONS } from '#events';
import {
  localVariables,
  SERVICE_USERS,
  serviceRabbitmqUrl,
  servicePassword,
  serviceUser,
  vhostOf,
} from './rabbitmq.service-users.js';

describe('service users', () => {
  const order = serviceUser('order-service');

  it('defines one user per service, named after it, each with its own password variable', () => {
    expect(SERVICE_USERS.map(({ service }) => service).sort()).toEqual(Object.keys(SUBSCRIPTIONS).sort());
    expect(order.passwordVariable).toBe('RABBITMQ_ORDER_SERVICE_PASSWORD');
    expect(serviceUser('inventory-service').passwordVariable).toBe('RABBITMQ_INVENTORY_SERVICE_PASSWORD');
  });

  it('takes the password from the environment over .env, and the local default when neither sets it', () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'service-users-')), '.env');
    writeFileSync(envFile, 'RABBITMQ_ORDER_SERVICE_PASSWORD=from-the-file\nOTHER=1\n');
    expect(servicePassword(order, localVariables({}, envFile))).toBe('from-the-file');
    expect(servicePassword(order, localVariables({ RABBITMQ_ORDER_SERVICE_PASSWORD: 'from-the-env' }, envFile))).toBe(
      'from-the-env',
    );
    expect(servicePassword(order, localVariables({}, join(tmpdir(), 'no-such-dir', '.env')))).toBe(
      'order-service-local',
    );
    expect(servicePassword(order, { RABBITMQ_ORDER_SERVICE_PASSWORD: '' })).toBe('order-service-local');
  });

  it('refuses a password that would not survive an AMQP URL unescaped, naming the variable', () => {
    for (const bad of ['short', 'has space in it', 'p@ss:word/1', 'x'.repeat(129)]) {
      expect(() => servicePassword(order, { RABBITMQ_ORDER_SERVICE_PASSWORD: bad })).toThrow(
        /RABBITMQ_ORDER_SERVICE_PASSWORD must be 8 to 128 characters/,
      );
    }
  });

  it("builds the service's URL on the operator URL's host, port and vhost", () => {
    const url = serviceRabbitmqUrl('order-service', 'amqp://guest:guest@broker.internal:5673/shop', {
      RABBITMQ_ORDER_SERVICE_PASSWORD: 'a-long-password',
    });
    expect(url).toBe('amqp://order-service:a-long-password@broker.internal:5673/shop');
    expect(vhostOf(url)).toBe('shop');
    expect(vhostOf('amqp://127.0.0.1:5672')).toBe('/');
    expect(vhostOf('amqp://127.0.0.1:5672/%2F')).toBe('/');
    expect(() => serviceUser('billing-service')).toThrow(/no RabbitMQ user is defined for "billing-service"/);
  });
});
