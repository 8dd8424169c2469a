import { ORDER_CREATED } from '#events';
import {
  BROKERS_UNDER_TEST,
  type MessageSpy,
  OrderSystem,
  type RawBrokerClient,
  rawClientFor,
  ServiceProcess,
  uniqueSku,
  waitFor,
} from '#testing';

describe.each(BROKERS_UNDER_TEST)('two order-service instances on one PostgreSQL database (%s)', (broker) => {
  let system: OrderSystem;
  let second: ServiceProcess;
  let raw: RawBrokerClient;
  let spy: MessageSpy;

  beforeAll(async () => {
    system = await OrderSystem.start({ broker, orderDatabase: 'postgres', inventoryDatabase: 'sqlite' });
    second = await ServiceProcess.start('order-service', {
      BROKER: broker,
      DATABASE_URL: system.databaseUrl('orders'),
    });
    raw = rawClientFor(broker);
    spy = await raw.spy([ORDER_CREATED]);
  }, 120_000);

  afterAll(async () => {
    await spy?.close();
    await raw?.close();
    await second?.stop();
    await system?.stop();
  }, 60_000);

  it('publish each outbox row once: their relays never send the same row', async () => {
    const sku = uniqueSku('TWIN');
    await system.putStock(sku, 1_000);
    const urls = [system.orders.url, second.url];
    const ids = await Promise.all(
      Array.from({ length: 400 }, async (_, index) => {
        const response = await fetch(`${urls[index % 2]}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ customerId: 'twin', items: [{ sku, quantity: 1 }] }),
        });
        return ((await response.json()) as { id: string }).id;
      }),
    );
    const wanted = new Set(ids);
    const published = () => spy.envelopes(ORDER_CREATED).filter((event) => wanted.has(event.subject));

    await waitFor('every order.created on the wire', () => published().length >= ids.length);
    // Both instances have drained their relays once every order settled (each answer needs its event).
    await Promise.all(ids.map((id) => system.waitUntilSettled(id, 60_000)));
    const counts = new Map<string, number>();
    for (const event of published()) counts.set(event.subject, (counts.get(event.subject) ?? 0) + 1);
    expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
    expect(counts.size).toBe(ids.length);
  }, 120_000);
});
