import { listParkedOutboxRows, type OutboxTables } from '#outbox';
import type { OrderSystem } from '#testing';

type ParkedOutboxRow = Awaited<ReturnType<typeof listParkedOutboxRows>>[number];

/** Far more than any run parks: enough to count them and show the first. */
const AT_MOST = 10_000;

/**
 * The outbox rows each service's relay gave up on (outbox.parked_at set), in both databases: after a
 * nemesis, any row parked is an event the flow lost until an operator un-parks it.
 */
export async function parkedRowsOf(system: OrderSystem): Promise<Array<ParkedOutboxRow & { service: string }>> {
  const parked = [];
  for (const service of ['orders', 'inventory'] as const) {
    const db = system.openDatabase<OutboxTables>(service);
    try {
      parked.push(...(await listParkedOutboxRows(db, { limit: AT_MOST })).map((row) => ({ ...row, service })));
    } finally {
      await db.destroy();
    }
  }
  return parked;
}
