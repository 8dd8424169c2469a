import type { Kysely } from 'kysely';
import type { OutboxTables } from '#outbox';
import type { FlowHops, HopPercentiles } from '../bench-result.js';
import { openDatabaseReader } from './database-reader.js';
import { percentile } from './percentiles.js';

/** Rows asked for at once: far below every dialect's limit on bound parameters. */
const IN_LIST_SIZE = 500;

/**
 * Splits the end-to-end time of settled orders into its four hops, read from both services' outbox
 * and inbox rows (order.created is keyed by the order id as subject, each answer too), after the
 * step's CPU window closed so the reading costs the measured processes nothing.
 */
export class FlowHopsReader {
  private constructor(
    private readonly orders: Kysely<OutboxTables>,
    private readonly inventory: Kysely<OutboxTables>,
  ) {}

  static async open(ordersUrl: string, inventoryUrl: string): Promise<FlowHopsReader> {
    const orders = await openDatabaseReader<OutboxTables>(ordersUrl);
    const inventory = await openDatabaseReader<OutboxTables>(inventoryUrl);
    return new FlowHopsReader(orders.db, inventory.db);
  }

  /** The hops of these settled orders. */
  async ofOrders(orderIds: string[]): Promise<FlowHops> {
    const created = await inChunks(orderIds, (ids) =>
      this.orders
        .selectFrom('outbox')
        .select(['id', 'subject', 'created_at', 'published_at'])
        .where('type', '=', 'order.created')
        .where('subject', 'in', ids)
        .execute(),
    );
    const answers = await inChunks(orderIds, (ids) =>
      this.inventory
        .selectFrom('outbox')
        .select(['id', 'subject', 'created_at', 'published_at'])
        .where('subject', 'in', ids)
        .execute(),
    );
    const handledByInventory = await processedAt(
      this.inventory,
      created.map((row) => row.id),
    );
    const settledByOrders = await processedAt(
      this.orders,
      answers.map((row) => row.id),
    );
    const answerOf = new Map(answers.map((row) => [row.subject, row]));

    const hops = { orderCreatedPublish: [], toInventory: [], answerPublish: [], toOrderService: [] } as Record<
      Exclude<keyof FlowHops, 'orders'>,
      number[]
    >;
    for (const event of created) {
      const answer = answerOf.get(event.subject);
      const handled = handledByInventory.get(event.id);
      const settledAt = answer && settledByOrders.get(answer.id);
      if (!event.published_at || !answer?.published_at || !handled || !settledAt) continue;
      hops.orderCreatedPublish.push(since(event.created_at, event.published_at));
      hops.toInventory.push(since(event.published_at, handled));
      hops.answerPublish.push(since(answer.created_at, answer.published_at));
      hops.toOrderService.push(since(answer.published_at, settledAt));
    }
    return {
      orders: hops.toOrderService.length,
      orderCreatedPublish: percentiles(hops.orderCreatedPublish),
      toInventory: percentiles(hops.toInventory),
      answerPublish: percentiles(hops.answerPublish),
      toOrderService: percentiles(hops.toOrderService),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.orders.destroy(), this.inventory.destroy()]);
  }
}

/** When a service's handler recorded each of these events in its inbox. */
async function processedAt(db: Kysely<OutboxTables>, eventIds: string[]): Promise<Map<string, string>> {
  const rows = await inChunks(eventIds, (ids) =>
    db.selectFrom('inbox').select(['event_id', 'processed_at']).where('event_id', 'in', ids).execute(),
  );
  return new Map(rows.map((row) => [row.event_id, row.processed_at]));
}

async function inChunks<Row>(values: string[], query: (chunk: string[]) => Promise<Row[]>): Promise<Row[]> {
  const rows: Row[] = [];
  for (let start = 0; start < values.length; start += IN_LIST_SIZE)
    rows.push(...(await query(values.slice(start, start + IN_LIST_SIZE))));
  return rows;
}

const since = (from: string, to: string) => Date.parse(to) - Date.parse(from);

const percentiles = (values: number[]): HopPercentiles => ({
  p50Ms: percentile(values, 50),
  p99Ms: percentile(values, 99),
});
