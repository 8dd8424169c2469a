import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import type { PlacedOrder } from '../support/order-load.js';
import { BROKERS_UNDER_TEST, OrderSystem, uniqueSku } from '#testing';
import { checkReliability } from '../support/reliability-oracle.js';
import { ALLOWED_STATUSES, hostileRequests, racingRetries, type HostileRequest } from './support/hostile-requests.js';
import { orderTheContractAllows } from './support/order-contract-model.js';

const GENERATED_REQUESTS = Number(process.env.HOSTILE_HTTP_REQUESTS ?? 2_000);
const RACING_REQUESTS = 400;
const RACE_CONCURRENCY = 16;
const RACE_COPIES = 4;
/** A stack frame, in an answer or a log: an error nobody handled, or details a client must not see. */
const STACK_FRAME = /(?:\n|\\n)\s+at .+:\d+:\d+/;

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * Property-based hostile HTTP suite, once per broker: thousands of generated requests (random
 * bytes, truncated and deeply nested JSON, huge strings and arrays, unknown, duplicated and
 * prototype keys, wrong types, control characters, odd content types and encodings, odd and
 * repeated Idempotency-Keys, unauthorised stock administration). Oracle: never a 5xx or a stack
 * trace; every answer is one the contract allows for that request; a 201 only for what the
 * contract accepts, with exactly what was asked; stock moves by exactly the confirmed quantities;
 * nothing stored for refused requests; the services live on and a fresh order round-trips.
 */
describe.each(BROKERS_UNDER_TEST)('hostile HTTP requests on %s', (broker) => {
  const adminToken = randomBytes(24).toString('base64url');
  const agent = new Agent({ keepAlive: true, maxSockets: RACE_CONCURRENCY });
  let system: OrderSystem;
  const stock = new Map<string, number>();

  beforeAll(async () => {
    system = await OrderSystem.start({
      broker,
      orderDatabase: broker === 'kafka' ? 'sqlite' : 'postgres',
      inventoryDatabase: broker === 'kafka' ? 'postgres' : 'sqlite',
      env: { ADMIN_TOKEN: adminToken },
    });
    // Some SKUs run out, so orders are rejected as well as confirmed.
    for (const [index, units] of [100_000, 100_000, 100_000, 300, 300, 300].entries()) {
      stock.set(uniqueSku(`H${index}`), units);
    }
    for (const [sku, units] of stock) await system.putStock(sku, units);
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    await system?.stop();
  }, 60_000);

  function send(request: HostileRequest): Promise<Answer> {
    const base = new URL(request.path.startsWith('/stock') ? system.inventory.url : system.orders.url);
    const headers: Record<string, string | string[] | number> = { ...request.headers };
    if (request.body && !request.chunked) headers['content-length'] = request.body.length;
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: base.hostname, port: base.port, method: request.method, path: request.path, headers, agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              contentType: incoming.headers['content-type'],
              body: Buffer.concat(chunks).toString(),
            }),
          );
          incoming.on('error', reject);
        },
      );
      outgoing.setTimeout(30_000, () => outgoing.destroy(new Error(`no answer within 30 s to ${summary(request)}`)));
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  const summary = (request: HostileRequest) =>
    `${request.method} ${request.path} ${JSON.stringify(request.headers).slice(0, 300)} ` +
    `${request.body?.toString('utf8', 0, 300) ?? ''}${(request.body?.length ?? 0) > 300 ? '...' : ''}`;

  it(`answers ${GENERATED_REQUESTS + RACING_REQUESTS} generated hostile requests with a 4xx or a valid order, and applies nothing twice`, async () => {
    const seed = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const catalogue = { skus: [...stock.keys()], adminPath: (sku: string) => `/stock/${sku}` };
    const counts = new Map<number, number>();
    const placed = new Map<string, PlacedOrder>();

    /** Throws (with the request) unless the answer is one the contract allows. */
    const check = (request: HostileRequest, answer: Answer) => {
      const where = `${answer.status} ${answer.body.slice(0, 300)} for ${summary(request)}`;
      counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
      const allowed = orderTheContractAllows(request);
      const key = request.headers['idempotency-key'];
      const keyIsShared = typeof key === 'string' && /pool-/.test(key);
      const statuses =
        request.kind === 'valid' && !keyIsShared
          ? [201]
          : [...ALLOWED_STATUSES[request.kind], ...(allowed ? [201] : [])];
      if (!statuses.includes(answer.status)) throw new Error(`expected one of ${statuses}, got ${where}`);
      if (STACK_FRAME.test(answer.body)) throw new Error(`a stack trace in the answer: ${where}`);
      if (answer.status >= 400 && !answer.contentType?.startsWith('application/json')) {
        throw new Error(`an error that is not JSON: ${where}`);
      }
      if (request.kind === 'valid' && !allowed) throw new Error(`the generator made an invalid order: ${where}`);
      if (answer.status !== 201) return;
      const order = JSON.parse(answer.body) as { id: string; customerId: string; items: PlacedOrder['items'] };
      // A replay is the customer's own order, with exactly what this same request asked for.
      expect({ customerId: order.customerId, items: order.items }).toEqual(allowed);
      placed.set(order.id, { id: order.id, items: order.items });
    };

    await fc.assert(
      fc.asyncProperty(hostileRequests(catalogue, adminToken), async (request) => check(request, await send(request))),
      { numRuns: GENERATED_REQUESTS, seed, endOnFailure: true },
    );
    // Retries racing each other on one key: the in-flight 409 under real concurrency.
    const racing = fc.sample(racingRetries(catalogue, RACE_COPIES), { numRuns: RACING_REQUESTS / RACE_COPIES, seed });
    for (let start = 0; start < racing.length; start += RACE_CONCURRENCY / RACE_COPIES) {
      const wave = racing.slice(start, start + RACE_CONCURRENCY / RACE_COPIES).flat();
      const answers = await Promise.all(wave.map(send));
      wave.forEach((request, index) => check(request, answers[index]));
    }

    // Nothing stored but the orders that were answered 201, each once, each with its event.
    const db = system.openDatabase<{ orders: { id: string }; outbox: { id: string } }>('orders');
    try {
      const stored = await db.selectFrom('orders').select('id').execute();
      expect(stored.map((row) => row.id).sort()).toEqual([...placed.keys()].sort());
      const events = await db.selectFrom('outbox').select(({ fn }) => fn.countAll<number>().as('count'));
      expect(Number((await events.executeTakeFirstOrThrow()).count)).toBe(placed.size);
    } finally {
      await db.destroy();
    }

    const report = await checkReliability(system, [...placed.values()], stock);
    expect(report.lost).toBe(0);
    expect(report.appliedTwice).toBe(0);
    expect(system.orders.logs).not.toMatch(STACK_FRAME);
    expect(system.inventory.logs).not.toMatch(STACK_FRAME);

    const byStatus = [...counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}=${count}`)
      .join(' ');
    console.log(
      `[hostile report] http broker=${broker} seed=${seed} requests=${GENERATED_REQUESTS + RACING_REQUESTS} ${byStatus} ` +
        `orders=${placed.size} confirmed=${report.confirmed} rejected=${report.rejected} lost=${report.lost} ` +
        `applied-twice=${report.appliedTwice}`,
    );
  }, 300_000);
});
