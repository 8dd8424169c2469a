import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  ORDER_CREATED,
  type InventoryRejected,
  type InventoryReserved,
  type OrderCreated,
} from '#events';
import type { ReceivedEvent } from '#messaging';
import { addToOutbox, DATABASE, OutboxRelay, recordInInbox } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import type { CreateOrderRequest } from './create-order.request.js';
import type { Order, OrderStatus } from './order.js';
import type { OrderServiceTables, OrdersTable } from './orders.table.js';

export const ORDER_SOURCE = '/order-service';

/** The order use cases: place an order, read it, settle it from inventory's answer. */
@Injectable()
export class OrdersService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OrderServiceTables>,
    private readonly outbox: OutboxRelay,
  ) {}

  /**
   * Stores the order as PENDING and its order.created event in one transaction.
   * A repeated idempotency key returns the order first created with it.
   */
  async placeOrder(request: CreateOrderRequest, idempotencyKey?: string): Promise<{ order: Order; created: boolean }> {
    if (idempotencyKey) {
      const existing = await this.findByIdempotencyKey(idempotencyKey);
      if (existing) return { order: existing, created: false };
    }
    const now = new Date().toISOString();
    const row: OrdersTable = {
      id: randomUUID(),
      customer_id: request.customerId,
      status: 'PENDING',
      items: JSON.stringify(request.items.map(({ sku, quantity }) => ({ sku, quantity }))),
      rejection_reason: null,
      idempotency_key: idempotencyKey ?? null,
      created_at: now,
      updated_at: now,
    };
    const order = toOrder(row);
    const event = createEnvelope<OrderCreated>({
      type: ORDER_CREATED,
      source: ORDER_SOURCE,
      subject: order.id,
      data: { orderId: order.id, customerId: order.customerId, items: order.items },
    });
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('orders').values(row).execute();
        await addToOutbox(trx, [event]);
      });
    } catch (error) {
      // Two requests with one key raced; the loser answers with the winner's order.
      const winner = idempotencyKey ? await this.findByIdempotencyKey(idempotencyKey) : undefined;
      if (winner) return { order: winner, created: false };
      throw error;
    }
    this.outbox.notify();
    return { order, created: true };
  }

  async findOrder(id: string): Promise<Order | undefined> {
    const row = await this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toOrder(row);
  }

  async confirm(event: ReceivedEvent<InventoryReserved>): Promise<void> {
    await this.settle(event, 'CONFIRMED', null);
  }

  async reject(event: ReceivedEvent<InventoryRejected>): Promise<void> {
    await this.settle(event, 'REJECTED', event.data.reason);
  }

  /** Applies inventory's answer once: a redelivered event finds its id in the inbox and changes nothing. */
  private async settle(
    event: ReceivedEvent<{ orderId: string }>,
    status: Exclude<OrderStatus, 'PENDING'>,
    rejectionReason: string | null,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await recordInInbox(trx, event))) return;
      const result = await trx
        .updateTable('orders')
        .set({ status, rejection_reason: rejectionReason, updated_at: new Date().toISOString() })
        .where('id', '=', event.data.orderId)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        const known = await trx
          .selectFrom('orders')
          .select('id')
          .where('id', '=', event.data.orderId)
          .executeTakeFirst();
        if (!known) throw new UnknownOrderError(event.data.orderId);
      }
    });
  }

  private async findByIdempotencyKey(key: string): Promise<Order | undefined> {
    const row = await this.db.selectFrom('orders').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    return row && toOrder(row);
  }
}

/** Inventory answered for an order this service never stored: no retry can change that. */
export class UnknownOrderError extends Error {
  override readonly name = 'UnknownOrderError';
  readonly retryable = false;
  constructor(orderId: string) {
    super(`no order ${orderId}`);
  }
}

function toOrder(row: Selectable<OrdersTable>): Order {
  return {
    id: row.id,
    status: row.status as OrderStatus,
    customerId: row.customer_id,
    items: JSON.parse(row.items),
    ...(row.rejection_reason ? { rejectionReason: row.rejection_reason as Order['rejectionReason'] } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
