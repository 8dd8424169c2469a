import { randomUUID } from 'node:crypto';
import { BROKERS_UNDER_TEST, OrderSystem, type ServiceProcess, uniqueSku, waitFor } from '#testing';

describe.each(BROKERS_UNDER_TEST)('logs on %s', (broker) => {
  let system: OrderSystem;

  beforeAll(async () => {
    system = await OrderSystem.start({
      broker,
      orderDatabase: 'sqlite',
      inventoryDatabase: 'sqlite',
      env: { LOG_LEVEL: 'debug' },
    });
  }, 120_000);

  afterAll(() => system?.stop(), 60_000);

  it('write one JSON line per HTTP request and, at debug level, one per consumed event', async () => {
    const sku = uniqueSku('LOGS');
    await system.putStock(sku, 5);
    const order = await system.placeValidOrder({ customerId: `logs-${randomUUID()}`, items: [{ sku, quantity: 2 }] });
    await system.waitUntilSettled(order.id);

    const consumed = (service: ServiceProcess, type: string) =>
      waitFor(`${service.name} to log the ${type} it consumed`, () =>
        service.logLines.find(
          (line) => line.msg === 'event consumed' && line.subject === order.id && line.type === type,
        ),
      );
    expect(await consumed(system.inventory, 'order.created')).toMatchObject({
      level: 'debug',
      service: 'inventory-service',
      context: 'EventDelivery',
      id: expect.any(String),
      attempts: 1,
      outcome: 'handled',
    });
    expect(await consumed(system.orders, 'inventory.reserved')).toMatchObject({
      service: 'order-service',
      attempts: 1,
      outcome: 'handled',
    });

    const post = system.orders.logLines.find(
      (line) => line.context === 'HTTP' && line.method === 'POST' && line.status_code === 201,
    );
    expect(post).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'order-service',
      context: 'HTTP',
      msg: 'request answered',
      request_id: expect.any(String),
      method: 'POST',
      route: '/orders',
      status_code: 201,
      duration_ms: expect.any(Number),
    });
    // A path no route has is logged as such, never as the path a client made up.
    await fetch(`${system.orders.url}/no-such-path/${randomUUID()}`);
    const unmatched = await waitFor('the unmatched request in the log', () =>
      system.orders.logLines.find((line) => line.context === 'HTTP' && line.status_code === 404),
    );
    expect(unmatched).toMatchObject({ method: 'GET', route: 'unmatched' });
  }, 60_000);
});
