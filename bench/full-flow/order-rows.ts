import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { OrderServiceTables } from '../../apps/order-service/src/orders/orders.table.js';
import { openDatabaseReader } from './database-reader.js';

const SETTLE_POLL_MS = 200;

/** What one customer's orders look like in order-service's own table, at one moment. */
export interface OrdersOfCustomer {
  total: number;
  pending: number;
  confirmed: number;
  rejected: number;
  /** Of the settled ones: updated_at - created_at, the services' own timestamps (ms resolution). */
  settleMs: number[];
  /** The settled ones' ids. */
  settledIds: string[];
}

/**
 * Reads order-service's database straight, the way nothing in the API does, so that timing the flow
 * adds no HTTP load: created_at is stamped when the order is stored, updated_at when inventory's
 * answer settles it.
 */
export class OrderRows {
  private constructor(
    private readonly db: Kysely<OrderServiceTables>,
    /** The PostgreSQL backend serving this reader, so its CPU is not counted as the services'. */
    readonly backendPid: number | undefined,
  ) {}

  static async open(databaseUrl: string): Promise<OrderRows> {
    const { db, backendPid } = await openDatabaseReader<OrderServiceTables>(databaseUrl);
    return new OrderRows(db, backendPid);
  }

  /** Polls until none of the customer's orders is PENDING or `windowMs` passed; resolves to how many still are. */
  async untilSettled(customerId: string, windowMs: number): Promise<number> {
    const deadline = performance.now() + windowMs;
    for (;;) {
      const pending = await this.pendingCount(customerId);
      if (pending === 0 || performance.now() >= deadline) return pending;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  async pendingCount(customerId: string): Promise<number> {
    const row = await this.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('customer_id', '=', customerId)
      .where('status', '=', 'PENDING')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** PENDING orders of every customer: the database is the bench's own. */
  async pendingTotal(): Promise<number> {
    const row = await this.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '=', 'PENDING')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async status(orderId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirst();
    return row?.status;
  }

  async ofCustomer(customerId: string): Promise<OrdersOfCustomer> {
    const rows = await this.db
      .selectFrom('orders')
      .select(['id', 'status', 'created_at', 'updated_at'])
      .where('customer_id', '=', customerId)
      .execute();
    const result: OrdersOfCustomer = {
      total: rows.length,
      pending: 0,
      confirmed: 0,
      rejected: 0,
      settleMs: [],
      settledIds: [],
    };
    for (const row of rows) {
      if (row.status === 'PENDING') result.pending += 1;
      else {
        if (row.status === 'CONFIRMED') result.confirmed += 1;
        else result.rejected += 1;
        result.settleMs.push(Date.parse(row.updated_at) - Date.parse(row.created_at));
        result.settledIds.push(row.id);
      }
    }
    return result;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
