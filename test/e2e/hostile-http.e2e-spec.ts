import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { BROKERS_UNDER_TEST, OrderSystem, ServiceProcess, uniqueSku, waitFor } from '#testing';

/** A stack frame in a service's log (a JSON line escapes its newline): the sign of an error nobody handled. */
const STACK_FRAME = /(?:\n|\\n)\s+at .+\(?.+:\d+:\d+\)?/;

/**
 * The concrete hostile HTTP cases (test/hostile), once per broker, against both built services: each is
 * answered 4xx with nothing stored, and the locked-down defaults hold. order-service runs on
 * PostgreSQL, with a second instance on the same database for the cross-instance cases.
 */
/** Not the development defaults that NODE_ENV=production refuses (guest, local passwords, the emulator's endpoint and keys). */
const PRODUCTION_BROKER_SETTINGS = {
  RABBITMQ_URL: 'amqp://order-service:a-production-secret@127.0.0.1:5672',
  AWS_ENDPOINT_URL: 'http://localhost:4566',
  AWS_ACCESS_KEY_ID: 'a-production-key-id',
  AWS_SECRET_ACCESS_KEY: 'a-production-secret',
};

describe.each(BROKERS_UNDER_TEST)('hostile HTTP input on %s', (broker) => {
  const adminToken = randomBytes(24).toString('base64url');
  let system: OrderSystem;
  let second: ServiceProcess;
  let sku: string;

  beforeAll(async () => {
    system = await OrderSystem.start({
      broker,
      orderDatabase: 'postgres',
      inventoryDatabase: 'sqlite',
      env: { ADMIN_TOKEN: adminToken },
    });
    second = await ServiceProcess.start('order-service', {
      BROKER: broker,
      DATABASE_URL: system.databaseUrl('orders'),
      API_DOCS: 'false',
    });
    sku = uniqueSku('HOSTILE');
    await system.putStock(sku, 1_000);
  }, 120_000);

  afterAll(async () => {
    await second?.stop();
    await system?.stop();
  }, 60_000);

  const order = (customerId: string, quantity = 1) => ({ customerId, items: [{ sku, quantity }] });
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function ordersOf(customerId: string): Promise<Array<{ id: string }>> {
    const db = system.openDatabase<{ orders: { id: string; customer_id: string } }>('orders');
    try {
      return await db.selectFrom('orders').select('id').where('customer_id', '=', customerId).execute();
    } finally {
      await db.destroy();
    }
  }

  describe('malformed JSON is a 4xx, never a 5xx', () => {
    it('answers 400 for a 3 KB body of arrays nested 1,500 deep, with no stack trace in the log', async () => {
      const body = '['.repeat(1500) + ']'.repeat(1500);
      const response = await post(system.orders.url, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('nested') });
      const nestedItems = await post(system.orders.url, `{"customerId":"x","items":${body}}`);
      expect(nestedItems.status).toBe(400);
      expect(system.orders.logs).not.toMatch(STACK_FRAME);
    });

    it.each([
      ['a duplicate key', '{"customerId":"dup-a","customerId":"dup-b","items":[{"sku":"A","quantity":1}]}', 'twice'],
      ['a number out of range', '{"customerId":"n","items":[{"sku":"A","quantity":1e400}]}', 'out of range'],
      ['an integer beyond 2^53', '{"customerId":"n","items":[{"sku":"A","quantity":9007199254740993}]}', 'exactly'],
      ['a number JSON.parse would round', '{"customerId":"n","items":[{"sku":"A","quantity":1.0000000000000001}]}', ''],
      // A key JSON.parse cannot read is a syntax error (it was once answered 403 by body-parser's hook).
      ['a key with an unknown escape', '{"customerId":"k","items":[{"sku":"A","quantity":1}],"a\\qb":1}', 'JSON'],
      ['a raw control character in a key', '{"customerId":"k","items":[{"sku":"A","quantity":1}],"a\tb":1}', 'JSON'],
    ])('answers 400 for %s', async (_, body, reason) => {
      const response = await post(system.orders.url, body.replace('"A"', `"${sku}"`));
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(reason);
    });

    it('answers 415 for a body that is not JSON, or that does not say it is', async () => {
      const body = JSON.stringify(order(`ctype-${randomUUID()}`));
      const contentTypes: Array<Record<string, string>> = [
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/xml' },
        {},
      ];
      for (const headers of contentTypes) {
        const response = await fetch(`${system.orders.url}/orders`, { method: 'POST', headers, body });
        expect({ headers, status: response.status }).toEqual({ headers, status: 415 });
      }
      const latin1 = await post(system.orders.url, body, { 'content-type': 'application/json; charset=latin1' });
      expect(latin1.status).toBe(415);
      expect(await ordersOf(JSON.parse(body).customerId)).toEqual([]);
    });
  });

  it('answers 400 for control characters in customerId, and stores nothing', async () => {
    const marker = `ctl-${randomUUID().slice(0, 8)}`;
    for (const customerId of [`${marker}\u0000`, `${marker}\u001b[2J`, `${marker}\u202e`]) {
      const response = await post(system.orders.url, order(customerId));
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain('customerId must contain printable characters only');
    }
    const db = system.openDatabase<{ orders: { customer_id: string } }>('orders');
    try {
      const stored = await db.selectFrom('orders').select('customer_id').where('customer_id', 'like', `${marker}%`);
      expect(await stored.execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  describe('Idempotency-Key', () => {
    it('answers 400 for an 8,000-character key instead of cutting it, and stores nothing', async () => {
      const customerId = `long-key-${randomUUID()}`;
      const response = await post(system.orders.url, order(customerId), { 'Idempotency-Key': 'k'.repeat(8000) });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain('Idempotency-Key must be 1 to 255');
      expect(await ordersOf(customerId)).toEqual([]);
    });

    it('answers 422 for the same key with a different body, and keeps the first order', async () => {
      const customerId = `reuse-${randomUUID()}`;
      const key = randomUUID();
      const first = await system.placeValidOrder(order(customerId, 1), { 'Idempotency-Key': key });
      const other = await post(system.orders.url, order(customerId, 2), { 'Idempotency-Key': key });
      expect(other.status).toBe(422);
      expect(await ordersOf(customerId)).toEqual([{ id: first.id }]);
      const replay = await post(system.orders.url, order(customerId, 1), { 'Idempotency-Key': `"${key}"` });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as { id: string }).id).toBe(first.id);
    });

    it('answers 409 while the first request with the key is still in flight, then replays its order', async () => {
      const customerId = `inflight-${randomUUID()}`;
      const key = randomUUID();
      // Hold the first request inside its order transaction: a lock on `orders` makes its insert wait.
      const blocker = new pg.Client({ connectionString: system.databaseUrl('orders') });
      await blocker.connect();
      let first: Promise<Response> | undefined;
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE orders IN SHARE MODE');
        first = post(system.orders.url, order(customerId), { 'Idempotency-Key': key });
        await waitFor('the first request to claim its key', async () => {
          const { rows } = await blocker.query(
            'SELECT order_id FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2',
            [customerId, key],
          );
          return rows.length === 1 && rows[0].order_id === null;
        });
        for (const url of [system.orders.url, second.url]) {
          const retry = await post(url, order(customerId), { 'Idempotency-Key': key });
          expect(retry.status).toBe(409);
        }
        const otherBody = await post(system.orders.url, order(customerId, 5), { 'Idempotency-Key': key });
        expect(otherBody.status).toBe(422);
      } finally {
        await blocker.query('ROLLBACK').catch(() => undefined);
        await blocker.end();
      }
      const answered = await first!;
      expect(answered.status).toBe(201);
      const placed = (await answered.json()) as { id: string };
      const replay = await post(second.url, order(customerId), { 'Idempotency-Key': key });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as { id: string }).id).toBe(placed.id);
      expect(await ordersOf(customerId)).toEqual([{ id: placed.id }]);
    });

    it("places a new order for another customer's key, never returning that customer's order", async () => {
      const key = randomUUID();
      const [alice, mallory] = [`alice-${randomUUID()}`, `mallory-${randomUUID()}`];
      const first = await system.placeValidOrder(order(alice), { 'Idempotency-Key': key });
      const response = await post(system.orders.url, order(mallory), { 'Idempotency-Key': key });
      expect(response.status).toBe(201);
      expect(response.headers.get('idempotent-replayed')).toBeNull();
      const theirs = (await response.json()) as { id: string; customerId: string };
      expect(theirs.id).not.toBe(first.id);
      expect(theirs.customerId).toBe(mallory);
    });

    it('never creates two orders for one (customer, key) across two instances on one database', async () => {
      const customers = Array.from({ length: 10 }, () => `twin-${randomUUID()}`);
      const keys = new Map(customers.map((customerId) => [customerId, randomUUID()]));
      const urls = [system.orders.url, second.url];
      const statuses = await Promise.all(
        customers.flatMap((customerId) =>
          Array.from({ length: 8 }, async (_, index) => {
            const response = await post(urls[index % 2], order(customerId), {
              'Idempotency-Key': keys.get(customerId)!,
            });
            await response.body?.cancel();
            return response.status;
          }),
        ),
      );
      expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
      for (const customerId of customers) expect(await ordersOf(customerId)).toHaveLength(1);
    });
  });

  describe('locked-down defaults', () => {
    it('sends no X-Powered-By and helmet’s security headers, on answers and on errors', async () => {
      const responses = [
        await fetch(`${system.orders.url}/orders/${randomUUID()}`),
        await post(system.orders.url, '{"broken'),
        await fetch(`${system.inventory.url}/stock/${sku}`),
        await fetch(`${system.orders.url}/docs/openapi.json`),
      ];
      for (const response of responses) {
        await response.body?.cancel();
        expect(response.headers.get('x-powered-by')).toBeNull();
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(response.headers.get('strict-transport-security')).toContain('max-age=');
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      }
    });

    it('serves /docs by default, and answers 404 there with API_DOCS=false', async () => {
      expect((await fetch(`${system.orders.url}/docs/openapi.json`)).status).toBe(200);
      for (const path of ['/docs', '/docs/openapi.json']) {
        const response = await fetch(`${second.url}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
      }
    });

    it('requires the bearer ADMIN_TOKEN for PUT /stock/:sku, while GET stays open', async () => {
      const target = uniqueSku('ADMIN');
      await system.putStock(target, 7);
      const put = (headers: Record<string, string>) =>
        fetch(`${system.inventory.url}/stock/${target}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ available: 1_000_000 }),
        });
      // The token with its last character changed (to one it is not: random tokens end in x too).
      const almost = `${adminToken.slice(0, -1)}${adminToken.endsWith('x') ? 'y' : 'x'}`;
      const refused = [
        await put({}),
        await put({ authorization: `Bearer ${almost}` }),
        await put({ authorization: `Basic ${Buffer.from(`admin:${adminToken}`).toString('base64')}` }),
        await put({ authorization: `Bearer ${adminToken}${adminToken}` }),
      ];
      for (const response of refused) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="inventory-service"');
      }
      expect(await system.getStock(target)).toEqual({ sku: target, available: 7, reserved: 0 });

      const accepted = await put({ authorization: `Bearer ${adminToken}` });
      expect(accepted.status).toBe(200);
      expect(await system.getStock(target)).toEqual({ sku: target, available: 1_000_000, reserved: 0 });
    });

    it('refuses to start with NODE_ENV=production and no ADMIN_TOKEN, saying so', async () => {
      for (const service of ['inventory-service', 'order-service'] as const) {
        await expect(
          ServiceProcess.start(service, {
            BROKER: broker,
            NODE_ENV: 'production',
            ADMIN_TOKEN: '',
            // Broker settings production accepts, so that the missing token is what stops it.
            ...PRODUCTION_BROKER_SETTINGS,
            DATABASE_URL: system.databaseUrl(service === 'order-service' ? 'orders' : 'inventory'),
          }),
        ).rejects.toThrow(/ADMIN_TOKEN must be set when NODE_ENV=production/);
      }
    }, 60_000);
  });

  it('is still alive and places and settles a fresh order after all of it', async () => {
    const placed = await system.placeValidOrder(order(`after-${randomUUID()}`, 2));
    expect(await system.waitUntilSettled(placed.id)).toMatchObject({ status: 'CONFIRMED' });
    expect(system.orders.logs).not.toMatch(STACK_FRAME);
    expect(second.logs).not.toMatch(STACK_FRAME);
  });

  it('still answers a genuine server fault with a generic 500, the details in the log only', async () => {
    // Last, as it breaks the database: the orders table is renamed away under a running instance.
    const admin = new pg.Client({ connectionString: system.databaseUrl('orders') });
    await admin.connect();
    try {
      await admin.query('ALTER TABLE orders RENAME TO orders_elsewhere');
      const response = await post(second.url, order(`fault-${randomUUID()}`));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal server error',
      });
      await waitFor('the fault in the log', () => /POST \/orders failed: .*orders/.test(second.logs));
      expect(second.logs).toMatch(STACK_FRAME);
    } finally {
      await admin.query('ALTER TABLE IF EXISTS orders_elsewhere RENAME TO orders').catch(() => undefined);
      await admin.end();
    }
  });
});
