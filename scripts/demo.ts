/**
 * npm run demo: the whole flow on this machine, without Docker.
 * Starts both built services on BROKER (default rabbitmq) with fresh databases, then runs the demo of
 * scripts/demo/ on them: seeds stock, places sample orders one by one and prints each order's journey
 * as it happens. Exits 0 only if every order ended as expected. (Compose's `demo` container runs the
 * same journeys, compiled, against the services it started: scripts/demo/compose-demo.ts.)
 */
import { loadMessagingConfig } from '#messaging';
import { OrderSystem } from '#testing';
import { runOrderJourneys } from './demo/order-journeys.js';
import { ServicesApi } from './demo/services-api.js';

const broker = loadMessagingConfig('demo').broker;

console.log(`Demo on ${broker}: starting inventory-service and order-service (fresh databases) ...`);
const system = await OrderSystem.start({ broker, orderDatabase: 'sqlite', inventoryDatabase: 'sqlite' });
let failures = 1;
try {
  failures = await runOrderJourneys(
    new ServicesApi(system.orders.url, system.inventory.url, system.adminToken),
    broker,
  );
} catch (error) {
  console.error(`\nDemo failed: ${(error as Error).message}`);
  console.error(`order-service said:\n${system.orders.logs}\ninventory-service said:\n${system.inventory.logs}`);
} finally {
  await system.stop();
}
process.exit(failures === 0 ? 0 : 1);
