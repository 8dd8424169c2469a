import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ORDER_CREATED, type OrderCreated } from '#events';
import type { ReceivedEvent } from '#messaging';
import { OUTBOX_MIGRATIONS, UnitOfWork, type OutboxRelay } from '#outbox';
import { createDatabase, migrateDatabase, parseDatabaseUrl } from '#persistence';
import { postgresDatabase, slowRowUpdates, type TestDatabase } from '#testing';
import { StockService } from './stock.service.js';
import { createStockTable } from './stock-table.migration.js';
import type { InventoryServiceTables } from './stock.table.js';

const orderCreated = (items: Array<{ sku: string; quantity: number }>): ReceivedEvent<OrderCreated> => {
  const orderId = randomUUID();
  return {
    id: randomUUID(),
    type: ORDER_CREATED,
    source: '/order-service',
    subject: orderId,
    time: new Date().toISOString(),
    data: { orderId, customerId: 'c-1', items } as OrderCreated,
  };
};

describe('StockService on PostgreSQL, two instances reserving at once', () => {
  let database: TestDatabase;
  let pools: Array<Kysely<InventoryServiceTables>>;
  let instances: StockService[];

  beforeEach(async () => {
    database = await postgresDatabase('stock_service');
    const location = parseDatabaseUrl(database.url);
    pools = [createDatabase<InventoryServiceTables>(location), createDatabase<InventoryServiceTables>(location)];
    await migrateDatabase(pools[0] as Kysely<unknown>, { ...OUTBOX_MIGRATIONS, '0001-stock': createStockTable });
    const relay = { notify: () => undefined } as unknown as OutboxRelay;
    instances = pools.map((db) => new StockService(db, new UnitOfWork(db as Kysely<unknown>, location, relay)));
  });

  afterEach(async () => {
    await Promise.all(pools.map((db) => db.destroy()));
    await database.drop();
  });

  it('reserves orders that list the same SKUs in opposite orders, all at once, with none failing', async () => {
    const skus = ['SKU-A', 'SKU-B', 'SKU-C'];
    for (const sku of skus) await instances[0].setAvailable(sku, 10_000);
    await slowRowUpdates(pools[0] as Kysely<unknown>, 'stock', 20);
    // Each order takes two SKUs, half of them listed the other way round. The instances' shared
    // transactions meet each other's locks, so their units run alone, side by side: rows locked in the
    // order listed would deadlock.
    const orders = Array.from({ length: 60 }, (_, index) => {
      const [first, second] = [skus[index % 3], skus[(index + 1) % 3]];
      const lines = [
        { sku: first, quantity: 1 },
        { sku: second, quantity: 1 },
      ];
      return orderCreated(index % 2 === 0 ? lines : lines.reverse());
    });

    const outcomes = await Promise.allSettled(orders.map((event, index) => instances[index % 2].reserve(event)));

    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));
    expect(failures).toEqual([]);
    const levels = await pools[0].selectFrom('stock').select(['sku', 'available', 'reserved']).orderBy('sku').execute();
    expect(levels).toEqual(skus.map((sku) => ({ sku, available: 10_000 - 40, reserved: 40 })));
  });
});
