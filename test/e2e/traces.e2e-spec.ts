import { randomBytes, randomUUID } from 'node:crypto';
import { BROKERS_UNDER_TEST, OrderSystem, OtlpReceiver, type ReceivedSpan, uniqueSku, waitFor } from '#testing';

/** The hops of one order, in the order they happen, each the parent of the next. */
const HOPS: Array<Pick<ReceivedSpan, 'service' | 'name'>> = [
  { service: 'order-service', name: 'POST /orders' },
  { service: 'order-service', name: 'order.created publish' },
  { service: 'inventory-service', name: 'order.created process' },
  { service: 'inventory-service', name: 'inventory.reserved publish' },
  { service: 'order-service', name: 'inventory.reserved process' },
];

describe.each(BROKERS_UNDER_TEST)('traces on %s', (broker) => {
  let receiver: OtlpReceiver;
  let system: OrderSystem;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    system = await OrderSystem.start({
      broker,
      orderDatabase: 'sqlite',
      inventoryDatabase: 'sqlite',
      env: { ...receiver.environment, LOG_LEVEL: 'debug' },
    });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  }, 60_000);

  it("continues the caller's trace from the HTTP request through every event to the settled order", async () => {
    const sku = uniqueSku('TRACE');
    await system.putStock(sku, 5);
    const traceId = randomBytes(16).toString('hex');
    const order = await system.placeValidOrder(
      { customerId: `trace-${randomUUID()}`, items: [{ sku, quantity: 1 }] },
      { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(await system.waitUntilSettled(order.id)).toMatchObject({ status: 'CONFIRMED' });

    const spans = await waitFor(
      'every hop of the order in the trace',
      () => {
        const found = HOPS.map((hop) =>
          receiver.trace(traceId).find((span) => span.service === hop.service && span.name === hop.name),
        );
        return found.every((span) => span !== undefined) && (found as ReceivedSpan[]);
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    ).catch((error: unknown) => {
      const seen = receiver.trace(traceId).map(({ service, name }) => `${service}: ${name}`);
      throw new Error(`${(error as Error).message}; the trace has ${JSON.stringify(seen)}`);
    });
    // One chain: each hop is a child of the one before it.
    spans.slice(1).forEach((span, index) => expect(span.parentSpanId).toBe(spans[index].spanId));

    // The log lines written while handling belong to the same trace.
    const consumed = await waitFor('inventory-service to log the order.created it consumed', () =>
      system.inventory.logLines.find((line) => line.msg === 'event consumed' && line.subject === order.id),
    );
    expect(consumed).toMatchObject({ trace_id: traceId, span_id: spans[2].spanId });
    const answered = system.orders.logLines.find(
      (line) => line.msg === 'request answered' && line.route === '/orders' && line.method === 'POST',
    );
    expect(answered).toMatchObject({ trace_id: traceId, span_id: spans[0].spanId });
  }, 60_000);
});
