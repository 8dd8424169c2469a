import { randomUUID } from 'node:crypto';
import { ORDER_CREATED } from '#events';
import {
  BROKERS_UNDER_TEST,
  growth,
  type MessageSpy,
  OrderSystem,
  type PrometheusSamples,
  type RawBrokerClient,
  rawClientFor,
  scrapeMetrics,
  uniqueSku,
  waitFor,
  waitUntilConsumed,
} from '#testing';
import { dashboardMetricNames } from '../support/observability-files.js';

/** The services' own counters; process metrics (CPU, memory, GC) change on their own. */
const COUNTERS = ['events_consumed_total', 'events_published_total', 'http_request_duration_seconds_count'];
/** What grew, but for the scrapes themselves (GET /metrics counts like any request). */
const grownBetween = (before: PrometheusSamples, after: PrometheusSamples) =>
  Object.fromEntries(
    Object.entries(growth(before, after, COUNTERS)).filter(([key]) => !key.includes('route="/metrics"')),
  );
const CONFIRMED = 3;
const REJECTED = 2;

describe.each(BROKERS_UNDER_TEST)('metrics on %s', (broker) => {
  let system: OrderSystem;
  let raw: RawBrokerClient;
  let spy: MessageSpy;

  beforeAll(async () => {
    system = await OrderSystem.start({ broker, orderDatabase: 'sqlite', inventoryDatabase: 'sqlite' });
    raw = rawClientFor(broker);
    spy = await raw.spy([ORDER_CREATED]);
  }, 120_000);

  afterAll(async () => {
    await spy?.close();
    await raw?.close();
    await system?.stop();
  }, 60_000);

  /** Both services' samples, once each has consumed what its queue or topics held. */
  async function quietSamples(): Promise<{ orders: PrometheusSamples; inventory: PrometheusSamples }> {
    await waitUntilConsumed(broker, 'inventory-service');
    await waitUntilConsumed(broker, 'order-service');
    return { orders: await scrapeMetrics(system.orders.url), inventory: await scrapeMetrics(system.inventory.url) };
  }

  it('counts exactly the orders placed, the events each service consumed and published, a duplicate and a poison message', async () => {
    // Whatever the broker still held from earlier runs is consumed before counting starts.
    const before = await quietSamples();
    const sku = uniqueSku('METRICS');
    await system.putStock(sku, 100);

    const placed: Array<{ id: string }> = [];
    for (let index = 0; index < CONFIRMED + REJECTED; index += 1) {
      const confirmed = index < CONFIRMED;
      placed.push(
        await system.placeValidOrder({
          customerId: `metrics-${randomUUID()}`,
          items: [{ sku: confirmed ? sku : uniqueSku('UNKNOWN'), quantity: 1 }],
        }),
      );
    }
    for (const order of placed) await system.waitUntilSettled(order.id);

    // The same order.created again (a broker's redelivery), then bytes that are no CloudEvent at all.
    const first = await spy.waitForMessage('the first order.created', (message) =>
      message.body.toString().includes(placed[0].id),
    );
    await raw.publish(ORDER_CREATED, placed[0].id, first.body);
    await raw.publish(ORDER_CREATED, randomUUID(), '{"not": "a CloudEvent"');

    // The poison message is counted under the handler that refused it: order.created's on Kafka (a topic
    // per type), the unprocessable-message handler where one queue carries every type.
    const poisonType = broker === 'kafka' ? ORDER_CREATED : 'messaging.unprocessable';
    const expected = {
      inventory: {
        'events_consumed_total{outcome="handled",reason="",type="order.created"}': CONFIRMED + REJECTED,
        'events_consumed_total{outcome="duplicate",reason="",type="order.created"}': 1,
        [`events_consumed_total{outcome="dead_lettered",reason="MALFORMED",type="${poisonType}"}`]: 1,
        'events_published_total{type="inventory.reserved"}': CONFIRMED,
        'events_published_total{type="inventory.rejected"}': REJECTED,
        'http_request_duration_seconds_count{method="PUT",route="/stock/:sku",status_code="200"}': 1,
      },
      orders: {
        'events_consumed_total{outcome="handled",reason="",type="inventory.reserved"}': CONFIRMED,
        'events_consumed_total{outcome="handled",reason="",type="inventory.rejected"}': REJECTED,
        'events_published_total{type="order.created"}': CONFIRMED + REJECTED,
        'http_request_duration_seconds_count{method="POST",route="/orders",status_code="201"}': CONFIRMED + REJECTED,
        // Polled until settled: as many as that took.
        'http_request_duration_seconds_count{method="GET",route="/orders/:id",status_code="200"}': expect.any(Number),
      },
    };
    const grownSince = async () => {
      const after = await quietSamples();
      return {
        inventory: grownBetween(before.inventory, after.inventory),
        orders: grownBetween(before.orders, after.orders),
      };
    };
    // Counters move a little after what the test can see (a broker's confirm after its consumer got the
    // event): poll until they match, and at the deadline show how they differ.
    await waitFor(
      'the counters to reach the expected values',
      async () => {
        try {
          expect(await grownSince()).toEqual(expected);
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    ).catch(() => undefined);
    expect(await grownSince()).toEqual(expected);

    // Nothing left behind: every event published, none parked, nothing waiting at the broker.
    const after = await quietSamples();
    for (const samples of [after.orders, after.inventory]) {
      expect(samples.get('outbox_backlog')).toBe(0);
      expect(samples.get('outbox_oldest_unpublished_age_seconds')).toBe(0);
      expect(samples.get('outbox_parked')).toBe(0);
      expect(samples.get('messaging_consumer_lag')).toBe(0);
    }
    // The committed Grafana dashboard reads only what the services really export.
    const exported = new Set(
      [...after.orders.keys(), ...after.inventory.keys()].map((key) =>
        key.replace(/\{.*$/, '').replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    for (const name of dashboardMetricNames())
      expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true });
  }, 180_000);
});
