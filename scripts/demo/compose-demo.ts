/**
 * The demo against services that already run, e.g. compose's `demo` container:
 *   ORDER_URL=http://127.0.0.1:3000 INVENTORY_URL=http://127.0.0.1:3001 node dist/scripts/demo/compose-demo.js
 * ADMIN_TOKEN, when the services have one, authorises PUT /stock; BROKER only names the broker in
 * what it prints. Exits 0 only if every order settled as expected.
 */
import { runOrderJourneys } from './order-journeys.js';
import { ServicesApi } from './services-api.js';

const READY_TIMEOUT_MS = 120_000;

const api = new ServicesApi(
  process.env.ORDER_URL ?? 'http://127.0.0.1:3000',
  process.env.INVENTORY_URL ?? 'http://127.0.0.1:3001',
  process.env.ADMIN_TOKEN || undefined,
);
const broker = process.env.BROKER || 'rabbitmq';
let failures = 1;
try {
  console.log(`Demo on ${broker}: waiting for inventory-service and order-service to be ready ...`);
  await api.waitUntilReady(READY_TIMEOUT_MS);
  failures = await runOrderJourneys(api, broker);
} catch (error) {
  console.error(`\nDemo failed: ${(error as Error).message}`);
}
process.exit(failures === 0 ? 0 : 1);
