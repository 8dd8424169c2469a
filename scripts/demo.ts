/**
 * npm run demo: the whole flow on this machine, without Docker.
 * Starts both built services on BROKER (default rabbitmq) with fresh databases, seeds stock, places
 * sample orders one by one and prints each order's journey as it happens. Exits 0 only if every
 * order ended as expected.
 */
import { INVENTORY_REJECTED, INVENTORY_RESERVED, ORDER_CREATED } from '#events';
import { loadMessagingConfig } from '#messaging';
import { OrderSystem, rawClientFor } from '#testing';

const broker = loadMessagingConfig('demo').broker;
const run = Date.now().toString(36).slice(-4).toUpperCase();
const sku = (name: string) => `${name}-${run}`;
const [KEYBOARD, MOUSE, MONITOR] = [sku('KEYBOARD'), sku('MOUSE'), sku('MONITOR')];

const stock: Record<string, number> = { [KEYBOARD]: 5, [MOUSE]: 3, [MONITOR]: 1 };

const orders = [
  {
    customerId: 'alice',
    items: [
      { sku: KEYBOARD, quantity: 2 },
      { sku: MOUSE, quantity: 1 },
    ],
    expect: 'CONFIRMED',
  },
  { customerId: 'bob', items: [{ sku: MONITOR, quantity: 1 }], expect: 'CONFIRMED' },
  {
    customerId: 'carol',
    items: [
      { sku: KEYBOARD, quantity: 1 },
      { sku: MONITOR, quantity: 1 },
    ],
    expect: 'REJECTED OUT_OF_STOCK',
  },
  { customerId: 'dave', items: [{ sku: sku('TRACKBALL'), quantity: 1 }], expect: 'REJECTED UNKNOWN_SKU' },
  {
    customerId: 'erin',
    items: [
      { sku: KEYBOARD, quantity: 3 },
      { sku: MOUSE, quantity: 2 },
    ],
    expect: 'CONFIRMED',
  },
  { customerId: 'frank', items: [{ sku: MOUSE, quantity: 1 }], expect: 'REJECTED OUT_OF_STOCK' },
];

const started = Date.now();
const stamp = () => `[+${String(Date.now() - started).padStart(5)} ms]`;
const say = (text: string) => console.log(`${stamp()} ${text}`);
const lines = (items: Array<{ sku: string; quantity: number }>) =>
  items.map((i) => `${i.quantity}x ${i.sku}`).join(', ');

console.log(`Demo on ${broker}: starting inventory-service and order-service (fresh databases) ...`);
const system = await OrderSystem.start({ broker, orderDatabase: 'sqlite', inventoryDatabase: 'sqlite' });
const raw = rawClientFor(broker);
const spy = await raw.spy([ORDER_CREATED, INVENTORY_RESERVED, INVENTORY_REJECTED]);
let failures = 0;
try {
  say(`inventory-service on ${system.inventory.url}, order-service on ${system.orders.url}`);
  say(`metrics: ${system.orders.url}/metrics and ${system.inventory.url}/metrics (Prometheus text)`);
  say(
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? `traces: sent to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT} (OTLP), one trace per order`
      : 'traces: off; set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://127.0.0.1:4318, Jaeger) to send one trace per order',
  );
  for (const [name, available] of Object.entries(stock)) await system.putStock(name, available);
  say(
    `stock seeded: ${Object.entries(stock)
      .map(([name, n]) => `${name}=${n}`)
      .join(', ')}`,
  );

  for (const { expect, ...order } of orders) {
    console.log('');
    const placed = await system.placeValidOrder(order);
    const id = placed.id.slice(0, 8);
    say(`${id} ${order.customerId}: POST /orders ${lines(order.items)} -> 201 ${placed.status}`);
    await spy.waitForEvent(ORDER_CREATED, (event) => event.subject === placed.id);
    say(`${id}   order.created published by order-service`);
    const answer = await spy.waitForMessage(`inventory's answer to ${placed.id}`, (message) => {
      return message.destination !== ORDER_CREATED && message.body.toString().includes(placed.id);
    });
    const { data } = JSON.parse(answer.body.toString());
    say(`${id}   ${answer.destination} by inventory-service${data.reason ? ` (${data.reason} ${data.sku})` : ''}`);
    const settled = await system.waitUntilSettled(placed.id);
    const outcome = [settled.status, settled.rejectionReason].filter(Boolean).join(' ');
    const ok = outcome === expect;
    if (!ok) failures += 1;
    say(`${id}   order is ${outcome} ${ok ? '(as expected)' : `(EXPECTED ${expect})`}`);
  }

  console.log('\nFinal stock:');
  for (const name of [...Object.keys(stock), sku('TRACKBALL')]) {
    const level = await system.getStock(name).catch(() => undefined);
    console.log(
      `  ${name.padEnd(20)} ${level ? `available ${level.available}, reserved ${level.reserved}` : 'unknown SKU'}`,
    );
  }
  console.log(
    failures === 0
      ? `\n${orders.length} orders settled as expected on ${broker}.`
      : `\n${failures} of ${orders.length} orders did NOT settle as expected on ${broker}.`,
  );
} catch (error) {
  failures += 1;
  console.error(`\nDemo failed: ${(error as Error).message}`);
  console.error(`order-service said:\n${system.orders.logs}\ninventory-service said:\n${system.inventory.logs}`);
} finally {
  await spy.close();
  await raw.close();
  await system.stop();
}
process.exit(failures === 0 ? 0 : 1);
