import { PublishedEvents } from './published-events.js';
import { sampleRun } from './sample-orders.js';
import type { ServicesApi } from './services-api.js';

/**
 * The demo itself, on services already running: seeds stock, places the sample orders one by one and
 * prints each order's journey as it happens, then the final stock. Returns how many orders did not
 * settle as expected.
 */
export async function runOrderJourneys(api: ServicesApi, broker: string): Promise<number> {
  const { stock, orders, unknownSku } = sampleRun();
  const started = Date.now();
  const say = (text: string) => console.log(`[+${String(Date.now() - started).padStart(5)} ms] ${text}`);
  const lines = (items: Array<{ sku: string; quantity: number }>) =>
    items.map((item) => `${item.quantity}x ${item.sku}`).join(', ');

  say(`inventory-service on ${api.inventoryUrl}, order-service on ${api.orderUrl}`);
  say(`metrics: ${api.orderUrl}/metrics and ${api.inventoryUrl}/metrics (Prometheus text)`);
  say(
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? `traces: sent to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT} (OTLP), one trace per order`
      : 'traces: off; set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://127.0.0.1:4318, Jaeger) to send one trace per order',
  );
  for (const [sku, available] of Object.entries(stock)) await api.putStock(sku, available);
  say(
    `stock seeded: ${Object.entries(stock)
      .map(([sku, available]) => `${sku}=${available}`)
      .join(', ')}`,
  );

  const published = await PublishedEvents.start(api.orderUrl, api.inventoryUrl);
  let failures = 0;
  for (const { expect, ...order } of orders) {
    console.log('');
    const placed = await api.placeOrder(order);
    // Order ids are UUIDv7, whose first characters are a timestamp every order of a run shares.
    const id = placed.id.slice(-8);
    say(`${id} ${order.customerId}: POST /orders ${lines(order.items)} -> 201 ${placed.status}`);
    await published.orderCreated();
    say(`${id}   order.created published by order-service`);
    say(`${id}   ${await published.inventoryAnswer()} by inventory-service`);
    const settled = await api.waitUntilSettled(placed.id);
    const outcome = [settled.status, settled.rejectionReason].filter(Boolean).join(' ');
    if (outcome !== expect) failures += 1;
    say(`${id}   order is ${outcome} ${outcome === expect ? '(as expected)' : `(EXPECTED ${expect})`}`);
  }

  console.log('\nFinal stock:');
  for (const sku of [...Object.keys(stock), unknownSku]) {
    const level = await api.getStock(sku);
    console.log(
      `  ${sku.padEnd(20)} ${level ? `available ${level.available}, reserved ${level.reserved}` : 'unknown SKU'}`,
    );
  }
  console.log(
    failures === 0
      ? `\n${orders.length} orders settled as expected on ${broker}.`
      : `\n${failures} of ${orders.length} orders did NOT settle as expected on ${broker}.`,
  );
  return failures;
}
