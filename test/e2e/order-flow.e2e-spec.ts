import { randomUUID } from 'node:crypto';
import { createEnvelope, INVENTORY_REJECTED, INVENTORY_RESERVED, ORDER_CREATED } from '#events';
import {
  BROKERS_UNDER_TEST,
  type MessageSpy,
  OrderSystem,
  type RawBrokerClient,
  rawClientFor,
  uniqueSku,
} from '#testing';

const REQUIRED_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype'];

describe.each(BROKERS_UNDER_TEST)('order flow on %s', (broker) => {
  let system: OrderSystem;
  let raw: RawBrokerClient;
  let spy: MessageSpy;

  beforeAll(async () => {
    // Each dialect runs on each broker: order-service and inventory-service swap SQLite and PostgreSQL.
    system = await OrderSystem.start({
      broker,
      orderDatabase: broker === 'kafka' ? 'sqlite' : 'postgres',
      inventoryDatabase: broker === 'kafka' ? 'postgres' : 'sqlite',
    });
    raw = rawClientFor(broker);
    spy = await raw.spy([ORDER_CREATED, INVENTORY_RESERVED, INVENTORY_REJECTED]);
  }, 120_000);

  afterAll(async () => {
    await spy?.close();
    await raw?.close();
    await system?.stop();
  }, 60_000);

  it('confirms an order whose stock is there, and moves exactly the ordered units', async () => {
    const [a, b] = [uniqueSku('A'), uniqueSku('B')];
    await system.putStock(a, 10);
    await system.putStock(b, 4);

    const order = await system.placeValidOrder({
      customerId: 'customer-1',
      items: [
        { sku: a, quantity: 3 },
        { sku: b, quantity: 4 },
      ],
    });
    expect(order).toMatchObject({ status: 'PENDING', customerId: 'customer-1' });

    expect(await system.waitUntilSettled(order.id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await system.getStock(a)).toEqual({ sku: a, available: 7, reserved: 3 });
    expect(await system.getStock(b)).toEqual({ sku: b, available: 0, reserved: 4 });
  });

  it("passes a caller's W3C trace context on in every event of the order, also with tracing off", async () => {
    const sku = uniqueSku('TRACED');
    await system.putStock(sku, 3);
    const traceparent = `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;
    const order = await system.placeValidOrder(
      { customerId: 'customer-traced', items: [{ sku, quantity: 1 }] },
      { traceparent, tracestate: 'vendor=opaque' },
    );
    await system.waitUntilSettled(order.id);
    for (const type of [ORDER_CREATED, INVENTORY_RESERVED]) {
      expect(await spy.waitForEvent(type, (event) => event.subject === order.id)).toMatchObject({
        traceparent,
        tracestate: 'vendor=opaque',
      });
    }
  });

  it('confirms an order that names one SKU in two lines of more than 1,000 units together', async () => {
    // Each line is within its 1,000-unit limit; the answer must carry the lines as ordered, or a merged
    // line of 1,200 would break the inventory.reserved contract and leave the order PENDING forever.
    const sku = uniqueSku('TWICE');
    await system.putStock(sku, 2_000);
    const order = await system.placeValidOrder({
      customerId: 'customer-twice',
      items: [
        { sku, quantity: 600 },
        { sku, quantity: 600 },
      ],
    });
    expect(await system.waitUntilSettled(order.id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await system.getStock(sku)).toEqual({ sku, available: 800, reserved: 1_200 });
  });

  it('rejects an order that one line cannot be served for, and leaves all stock unchanged', async () => {
    const [a, b] = [uniqueSku('A'), uniqueSku('B')];
    await system.putStock(a, 10);
    await system.putStock(b, 1);

    const order = await system.placeValidOrder({
      customerId: 'customer-2',
      items: [
        { sku: a, quantity: 5 },
        { sku: b, quantity: 2 },
      ],
    });

    expect(await system.waitUntilSettled(order.id)).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'OUT_OF_STOCK',
    });
    expect(await system.getStock(a)).toEqual({ sku: a, available: 10, reserved: 0 });
    expect(await system.getStock(b)).toEqual({ sku: b, available: 1, reserved: 0 });
    const rejection = await spy.waitForEvent(INVENTORY_REJECTED, (event) => event.subject === order.id);
    expect(rejection.data).toEqual({ orderId: order.id, reason: 'OUT_OF_STOCK', sku: b });
  });

  it('rejects an order for a SKU inventory has never heard of', async () => {
    const known = uniqueSku('K');
    await system.putStock(known, 5);
    const unknown = uniqueSku('NOPE');

    const order = await system.placeValidOrder({
      customerId: 'customer-3',
      items: [
        { sku: known, quantity: 1 },
        { sku: unknown, quantity: 1 },
      ],
    });

    expect(await system.waitUntilSettled(order.id)).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'UNKNOWN_SKU',
    });
    expect(await system.getStock(known)).toEqual({ sku: known, available: 5, reserved: 0 });
  });

  describe('invalid HTTP input', () => {
    const customerId = `invalid-${randomUUID()}`;
    const line = { sku: 'SKU-1', quantity: 1 };
    const cases: Array<[string, unknown, string]> = [
      ['a quantity of the wrong type', { customerId, items: [{ sku: 'SKU-1', quantity: 'two' }] }, 'items.0.quantity'],
      ['a customerId of the wrong type', { customerId: 42, items: [line] }, 'customerId'],
      ['an unknown property', { customerId, items: [line], coupon: 'FREE' }, 'coupon'],
      ['an unknown property in a line', { customerId, items: [{ ...line, price: 0 }] }, 'items.0.price'],
      ['too many items', { customerId, items: Array.from({ length: 51 }, () => line) }, 'items'],
      ['no items', { customerId, items: [] }, 'items'],
      ['a SKU of the wrong shape', { customerId, items: [{ sku: 'sku 1', quantity: 1 }] }, 'items.0.sku'],
      ['a quantity over 1000', { customerId, items: [{ sku: 'SKU-1', quantity: 1001 }] }, 'items.0.quantity'],
      ['a __proto__ key', `{"customerId":"${customerId}","items":[],"__proto__":{"isAdmin":true}}`, '__proto__'],
      [
        'a nested __proto__ key',
        `{"customerId":"${customerId}","items":[{"sku":"SKU-1","quantity":1,"__proto__":{}}]}`,
        '__proto__',
      ],
      ['malformed JSON', `{"customerId":"${customerId}",`, ''],
    ];

    it.each(cases)('answers 400 naming the field for %s', async (_, body, field) => {
      const response = await system.placeOrder(body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(field);
    });

    it('answers 413 for a body over the 64 KiB limit', async () => {
      const response = await system.placeOrder({ customerId, items: [line], padding: 'x'.repeat(70 * 1024) });
      expect(response.status).toBe(413);
    });

    it('stored and published nothing for any of them', async () => {
      // A valid sentinel order from the same customer goes through the same outbox after the bad ones.
      const sentinel = await system.placeValidOrder({ customerId, items: [line] });
      await spy.waitForEvent(ORDER_CREATED, (event) => event.subject === sentinel.id);

      const db = system.openDatabase<{ orders: { customer_id: string }; outbox: { envelope: string } }>('orders');
      try {
        const stored = await db
          .selectFrom('orders')
          .select('customer_id')
          .where('customer_id', '=', customerId)
          .execute();
        expect(stored).toHaveLength(1);
        const queued = await db
          .selectFrom('outbox')
          .select('envelope')
          .where('envelope', 'like', `%${customerId}%`)
          .execute();
        expect(queued).toHaveLength(1);
      } finally {
        await db.destroy();
      }
      const published = spy
        .envelopes(ORDER_CREATED)
        .filter((event) => (event.data as { customerId: string }).customerId === customerId);
      expect(published.map((event) => event.subject)).toEqual([sentinel.id]);
    });
  });

  it('returns the first order for a retried POST with the same Idempotency-Key', async () => {
    const sku = uniqueSku('IDEM');
    await system.putStock(sku, 10);
    const body = { customerId: 'customer-idem', items: [{ sku, quantity: 2 }] };
    const headers = { 'Idempotency-Key': randomUUID() };

    const first = await system.placeValidOrder(body, headers);
    const retries = await Promise.all([1, 2, 3].map(() => system.placeValidOrder(body, headers)));

    expect(retries.map((order) => order.id)).toEqual([first.id, first.id, first.id]);
    expect(await system.waitUntilSettled(first.id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await system.getStock(sku)).toEqual({ sku, available: 8, reserved: 2 });
  });

  it('never oversells: 50 concurrent orders compete for the last 10 units', async () => {
    const sku = uniqueSku('LAST');
    await system.putStock(sku, 10);

    const orders = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        system.placeValidOrder({ customerId: `racer-${index}`, items: [{ sku, quantity: 1 }] }),
      ),
    );
    const settled = await Promise.all(orders.map((order) => system.waitUntilSettled(order.id, 60_000)));

    const confirmed = settled.filter((order) => order.status === 'CONFIRMED');
    const rejected = settled.filter((order) => order.status === 'REJECTED');
    expect(confirmed).toHaveLength(10);
    expect(rejected).toHaveLength(40);
    expect(rejected.every((order) => order.rejectionReason === 'OUT_OF_STOCK')).toBe(true);
    expect(await system.getStock(sku)).toEqual({ sku, available: 0, reserved: 10 });
  }, 90_000);

  describe('interoperability with plain broker clients', () => {
    it('publishes events any client can read as structured CloudEvents', async () => {
      const sku = uniqueSku('WIRE');
      await system.putStock(sku, 3);
      const order = await system.placeValidOrder({ customerId: 'customer-wire', items: [{ sku, quantity: 1 }] });

      const created = await spy.waitForMessage('order.created on the wire', (message) => {
        return message.destination === ORDER_CREATED && message.body.toString().includes(order.id);
      });
      const reserved = await spy.waitForMessage('inventory.reserved on the wire', (message) => {
        return message.destination === INVENTORY_RESERVED && message.body.toString().includes(order.id);
      });

      for (const message of [created, reserved]) {
        const envelope = JSON.parse(message.body.toString());
        for (const attribute of REQUIRED_ATTRIBUTES) expect(envelope).toHaveProperty(attribute);
        expect(envelope.specversion).toBe('1.0');
        expect(envelope.subject).toBe(order.id);
        expect(message.contentType).toBe('application/cloudevents+json');
        if (broker === 'kafka') expect(message.key).toBe(order.id);
        if (broker === 'rabbitmq') expect(message.persistent).toBe(true);
      }
      expect(JSON.parse(created.body.toString())).toMatchObject({
        type: ORDER_CREATED,
        source: '/order-service',
        data: { orderId: order.id, customerId: 'customer-wire', items: [{ sku, quantity: 1 }] },
      });
      expect(JSON.parse(reserved.body.toString())).toMatchObject({
        type: INVENTORY_RESERVED,
        source: '/inventory-service',
        data: { orderId: order.id, items: [{ sku, quantity: 1 }] },
      });
    });

    it('acts on a CloudEvent published by a plain client', async () => {
      const sku = uniqueSku('RAW');
      await system.putStock(sku, 5);
      const orderId = randomUUID();
      const event = createEnvelope({
        type: ORDER_CREATED,
        source: '/another-team',
        subject: orderId,
        data: { orderId, customerId: 'raw-client', items: [{ sku, quantity: 2 }] },
      });

      await raw.publish(ORDER_CREATED, orderId, JSON.stringify(event), {
        'content-type': 'application/cloudevents+json',
      });

      const answer = await spy.waitForEvent(INVENTORY_RESERVED, (envelope) => envelope.subject === orderId);
      expect(answer).toMatchObject({ source: '/inventory-service', data: { orderId, items: [{ sku, quantity: 2 }] } });
      expect(await system.getStock(sku)).toEqual({ sku, available: 3, reserved: 2 });
    });
  });
});
