import { randomUUID } from 'node:crypto';
import { ORDER_CREATED } from '#events';
import type { BrokerName } from '#messaging';
import { hostileMessages, type HostileMessage, type RefusalReason } from '../support/hostile-event-messages.js';
import { BROKERS_UNDER_TEST, OrderSystem, rawClientFor, uniqueSku, waitFor } from '#testing';
import { deadLettersMentioning, expectStillConsuming } from '../support/reliability-oracle.js';

/** At least this many generated messages per broker (HOSTILE_EVENTS raises it). */
const MESSAGES = Number(process.env.HOSTILE_EVENTS ?? 1_000);
/** Below SNS/SQS's 256 KiB, so that oversized messages can be sent on every broker. */
const MAX_EVENT_BYTES = 65_536;
const TRUSTED_SOURCES = ['/order-service', '/hostile/a', '/hostile/b'];
const INITIAL_STOCK = 1_000_000;

describe.each(BROKERS_UNDER_TEST)('hostile broker messages on %s', (broker: BrokerName) => {
  let system: OrderSystem;

  beforeAll(async () => {
    system = await OrderSystem.start({
      broker,
      orderDatabase: broker === 'sqs' ? 'postgres' : 'sqlite',
      inventoryDatabase: broker === 'sqs' ? 'sqlite' : 'postgres',
      env: {
        MESSAGING_MAX_EVENT_BYTES: String(MAX_EVENT_BYTES),
        MESSAGING_ALLOWED_SOURCES: `${ORDER_CREATED}=${TRUSTED_SOURCES.join(',')}`,
        // The suite counts dead letters; a handler error retried would only slow it down.
        LOG_LEVEL: 'error',
      },
    });
  }, 120_000);

  afterAll(() => system?.stop(), 60_000);

  it(`dead-letters each of ${MESSAGES} generated messages with its reason, or applies it exactly once`, async () => {
    const seed = Number(process.env.HOSTILE_SEED ?? Date.now() % 2 ** 31);
    const marker = `hostile-${randomUUID().slice(0, 8)}`;
    const skus = Array.from({ length: 6 }, (_, index) => uniqueSku(`H${index}`));
    for (const sku of skus) await system.putStock(sku, INITIAL_STOCK);
    const orderIds = await settledOrders(system, 8);
    const messages = hostileMessages(
      { broker, marker, skus, orderIds, trustedSources: TRUSTED_SOURCES.slice(1), maxEventBytes: MAX_EVENT_BYTES },
      MESSAGES,
      seed,
    );
    const expected = expectedOutcome(messages, skus);

    const raw = rawClientFor(broker);
    try {
      const publish = (message: HostileMessage) => raw.publish(ORDER_CREATED, message.key, message.body);
      // The raw clients connect on their first publish: one first, so that they open one connection.
      await publish(messages[0]);
      await inParallel(messages.slice(1), 8, publish);
    } finally {
      await raw.close();
    }

    // Every applied event shows in stock; then every refused one must be in dead letter.
    await waitFor(
      'stock to move by every applied event',
      async () => {
        for (const [sku, units] of expected.reserved) if ((await system.getStock(sku)).reserved < units) return false;
        return true;
      },
      { timeoutMs: 150_000, intervalMs: 1_000 },
    );
    const letters = await waitFor(
      `${expected.deadLettered.size} dead letters of this run`,
      async () => {
        const found = await deadLettersMentioning(system, 'inventory-service', marker);
        return found.length >= expected.deadLettered.size && found;
      },
      { timeoutMs: 150_000, intervalMs: 2_000 },
    );

    const failures: string[] = [];
    const byTag = new Map<string, typeof letters>();
    for (const letter of letters) {
      const tags = letter.body.match(new RegExp(`${marker}:\\d{5}`, 'g')) ?? [];
      const tag = tags[0] ?? '(none)';
      byTag.set(tag, [...(byTag.get(tag) ?? []), letter]);
    }
    for (const message of messages.filter((candidate) => !candidate.duplicate)) {
      const found = byTag.get(message.tag) ?? [];
      const want = message.expected.outcome === 'dead-lettered' ? message.expected.reason : undefined;
      const got = found.map((letter) => `${letter.reason}/${letter.attempts}`);
      if (want ? got.join() !== `${want}/1` : got.length > 0) {
        failures.push(
          `${message.tag} (${message.kind}): expected ${want ? `${want}/1` : 'applied'}, got [${got.join(', ')}] ${found[0]?.error ?? ''}`,
        );
      }
    }
    for (const [sku, units] of expected.reserved) {
      const stock = await system.getStock(sku);
      if (stock.reserved !== units || stock.available !== INITIAL_STOCK - units) {
        failures.push(`${sku}: reserved ${stock.reserved}, available ${stock.available}; expected ${units} reserved`);
      }
    }
    const recorded = await inboxOf(system, marker);
    const wanted = [...expected.applied].sort();
    if (JSON.stringify(recorded) !== JSON.stringify(wanted)) {
      failures.push(`inbox holds ${recorded.length} events of this run; expected exactly the ${wanted.length} applied`);
    }
    expect({ seed, failures: failures.slice(0, 20) }).toEqual({ seed, failures: [] });

    // Still consuming: both services alive, and a fresh order makes the whole round trip over HTTP.
    await expectStillConsuming(system);

    const reasons = [...expected.deadLettered.values()].reduce<Record<string, number>>(
      (counts, reason) => ({ ...counts, [reason]: (counts[reason] ?? 0) + 1 }),
      {},
    );
    console.log(
      `[hostile report] events broker=${broker} messages=${messages.length} dead-lettered=${expected.deadLettered.size} ` +
        `${Object.entries(reasons)
          .sort()
          .map(([reason, count]) => `${reason}=${count}`)
          .join(' ')} applied=${expected.applied.size} duplicates-ignored=${expected.duplicates} seed=${seed}`,
    );
  }, 300_000);
});

/** What the messages must do, from how they were built: refusals by tag, applied events, stock moved. */
function expectedOutcome(messages: HostileMessage[], skus: string[]) {
  const deadLettered = new Map<string, RefusalReason>();
  const applied = new Set<string>();
  const reserved = new Map(skus.map((sku) => [sku, 0]));
  let duplicates = 0;
  for (const message of messages) {
    const { expected } = message;
    if (expected.outcome === 'dead-lettered') {
      deadLettered.set(message.tag, expected.reason);
      continue;
    }
    const key = `${expected.source} ${expected.id}`;
    if (applied.has(key)) {
      duplicates += 1;
      continue;
    }
    applied.add(key);
    for (const { sku, quantity } of expected.lines) reserved.set(sku, reserved.get(sku)! + quantity);
  }
  return { deadLettered, applied, reserved, duplicates };
}

/** Orders that exist and are already settled (for a SKU nobody stocks): valid events can name them harmlessly. */
async function settledOrders(system: OrderSystem, count: number): Promise<string[]> {
  const orders = await Promise.all(
    Array.from({ length: count }, () =>
      system.placeValidOrder({ customerId: 'hostile-suite', items: [{ sku: uniqueSku('NOSTOCK'), quantity: 1 }] }),
    ),
  );
  await Promise.all(orders.map((order) => system.waitUntilSettled(order.id)));
  return orders.map((order) => order.id);
}

/** The (source, id) of every inbox row of this run, sorted. */
async function inboxOf(system: OrderSystem, marker: string): Promise<string[]> {
  const db = system.openDatabase<{ inbox: { source: string; event_id: string } }>('inventory');
  try {
    const rows = await db
      .selectFrom('inbox')
      .select(['source', 'event_id'])
      .where('event_id', 'like', `${marker}%`)
      .execute();
    return rows.map((row) => `${row.source} ${row.event_id}`).sort();
  } finally {
    await db.destroy();
  }
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
