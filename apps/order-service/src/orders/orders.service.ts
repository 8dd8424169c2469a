import {
  createEnvelope,
  type EventTraceContext,
  newTimeOrderedId,
  ORDER_CREATED,
  type InventoryRejected,
  type InventoryReserved,
  type OrderCreated,
} from '#events';
import type { ReceivedEvent } from '#messaging';
import { UnitOfWork, type Consumption } from '#outbox';
import { DATABASE } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CreateOrderRequest } from './create-order.request.js';
import { IdempotencyKeyInFlightError, IdempotencyRecords } from './idempotency-records.js';
import type { Order, OrderStatus } from './order.js';
import { OrderSettlementMetrics } from './order-settlement.metrics.js';
import type { OrderServiceTables, OrdersTable } from './orders.table.js';
import { requestFingerprint } from './request-fingerprint.js';

export const ORDER_SOURCE = '/order-service';

/** The order use cases: place an order, read it, settle it from inventory's answer. */
@Injectable()
export class OrdersService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OrderServiceTables>,
    private readonly unitOfWork: UnitOfWork,
    private readonly idempotency: IdempotencyRecords,
    private readonly settlements: OrderSettlementMetrics,
  ) {}

  /**
   * Stores the order as PENDING and its order.created event in one transaction. With an
   * Idempotency-Key, the customer's key is claimed first (see IdempotencyRecords): a retry of a
   * placed order gets that order back, a different body with the same key throws
   * IdempotencyKeyReusedError, and a retry while the first request is in flight throws
   * IdempotencyKeyInFlightError. Its order.created carries `trace`, the caller's trace context.
   */
  async placeOrder(
    request: CreateOrderRequest,
    idempotencyKey?: string,
    trace: EventTraceContext = {},
  ): Promise<{ order: Order; created: boolean }> {
    if (!idempotencyKey) return { order: await this.store(request, trace), created: true };
    const scope = { customerId: request.customerId, key: idempotencyKey };
    const claim = await this.idempotency.claim(scope, requestFingerprint(request));
    if (claim.outcome === 'completed') {
      const order = await this.findOrder(claim.orderId);
      if (!order) throw new Error(`idempotency key names order ${claim.orderId}, which does not exist`);
      return { order, created: false };
    }
    try {
      const order = await this.store(request, trace, (trx, id) =>
        this.idempotency.complete(trx, scope, claim.token, id),
      );
      return { order, created: true };
    } catch (error) {
      if (!(error instanceof IdempotencyKeyInFlightError)) await this.idempotency.release(scope, claim.token);
      throw error;
    }
  }

  /** The order row and its event, plus whatever else must commit with them. */
  private async store(
    request: CreateOrderRequest,
    trace: EventTraceContext,
    alsoInTransaction?: (trx: Transaction<OrderServiceTables>, orderId: string) => Promise<void>,
  ): Promise<Order> {
    const now = new Date().toISOString();
    const row: OrdersTable = {
      id: newTimeOrderedId(),
      customer_id: request.customerId,
      status: 'PENDING',
      items: JSON.stringify(request.items.map(({ sku, quantity }) => ({ sku, quantity }))),
      rejection_reason: null,
      created_at: now,
      updated_at: now,
    };
    const order = toOrder(row);
    const event = createEnvelope<OrderCreated>({
      type: ORDER_CREATED,
      source: ORDER_SOURCE,
      subject: order.id,
      data: { orderId: order.id, customerId: order.customerId, items: order.items },
      ...trace,
    });
    await this.unitOfWork.run<OrderServiceTables, void>(async (trx, outbox) => {
      await trx.insertInto('orders').values(row).execute();
      outbox.add(event);
      await alsoInTransaction?.(trx, order.id);
    });
    return order;
  }

  async findOrder(id: string): Promise<Order | undefined> {
    const row = await this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toOrder(row);
  }

  confirm(event: ReceivedEvent<InventoryReserved>): Promise<Consumption<void>> {
    return this.settle(event, 'CONFIRMED', null);
  }

  reject(event: ReceivedEvent<InventoryRejected>): Promise<Consumption<void>> {
    return this.settle(event, 'REJECTED', event.data.reason);
  }

  /** Applies inventory's answer once: the unit of work skips a redelivered event, which changes nothing. */
  private async settle(
    event: ReceivedEvent<{ orderId: string }>,
    status: Exclude<OrderStatus, 'PENDING'>,
    rejectionReason: string | null,
  ): Promise<Consumption<void>> {
    const outcome = await this.unitOfWork.run<OrderServiceTables, { createdAt: string } | undefined>(
      async (trx) => {
        const settled = await trx
          .updateTable('orders')
          .set({ status, rejection_reason: rejectionReason, updated_at: new Date().toISOString() })
          .where('id', '=', event.data.orderId)
          .where('status', '=', 'PENDING')
          .returning('created_at')
          .executeTakeFirst();
        if (settled) return { createdAt: settled.created_at };
        const known = await trx
          .selectFrom('orders')
          .select('id')
          .where('id', '=', event.data.orderId)
          .executeTakeFirst();
        if (!known) throw new UnknownOrderError(event.data.orderId);
        return undefined;
      },
      { consumed: event },
    );
    if (outcome.duplicate) return outcome;
    if (outcome.value) this.settlements.settled(status, outcome.value.createdAt);
    return { duplicate: false, value: undefined };
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
