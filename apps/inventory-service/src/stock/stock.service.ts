import {
  createEnvelope,
  INVENTORY_REJECTED,
  INVENTORY_RESERVED,
  type InventoryRejected,
  type InventoryReserved,
  type OrderCreated,
} from '#events';
import type { ReceivedEvent } from '#messaging';
import { UnitOfWork, type Consumption, type OutboxWriter } from '#outbox';
import { DATABASE } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Transaction } from 'kysely';
import { decideReservation, type ReservationDecision } from './reservation.js';
import type { InventoryServiceTables } from './stock.table.js';

export const INVENTORY_SOURCE = '/inventory-service';
const MAX_CONFLICT_RETRIES = 5;

export interface StockView {
  sku: string;
  available: number;
  reserved: number;
}

/** Stock levels and the all-or-nothing reservation of an order's lines. */
@Injectable()
export class StockService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<InventoryServiceTables>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async findStock(sku: string): Promise<StockView | undefined> {
    return this.db
      .selectFrom('stock')
      .select(['sku', 'available', 'reserved'])
      .where('sku', '=', sku)
      .executeTakeFirst();
  }

  async setAvailable(sku: string, available: number): Promise<StockView> {
    const now = new Date().toISOString();
    await this.db
      .insertInto('stock')
      .values({ sku, available, reserved: 0, updated_at: now })
      .onConflict((conflict) => conflict.column('sku').doUpdateSet({ available, updated_at: now }))
      .execute();
    return (await this.findStock(sku))!;
  }

  /**
   * Reserves every line of the order or none and answers with the decision, in one unit of work that
   * consumes the event: a redelivered event changes nothing (`{ duplicate: true }`).
   */
  async reserve(event: ReceivedEvent<OrderCreated>): Promise<Consumption<ReservationDecision>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.unitOfWork.run(
          (trx: Transaction<InventoryServiceTables>, outbox) => this.reserveIn(trx, outbox, event),
          { consumed: event },
        );
      } catch (error) {
        if (!(error instanceof StockChangedConcurrently) || attempt === MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  private async reserveIn(
    trx: Transaction<InventoryServiceTables>,
    outbox: OutboxWriter,
    event: ReceivedEvent<OrderCreated>,
  ): Promise<ReservationDecision> {
    const { items } = event.data;
    const skus = [...new Set(items.map((item) => item.sku))];
    const stock = await trx.selectFrom('stock').select(['sku', 'available']).where('sku', 'in', skus).execute();
    const decision = decideReservation(items, stock);
    if (decision.outcome === 'reserved') {
      const now = new Date().toISOString();
      for (const line of decision.lines) {
        // The guard re-checks under the row lock: a concurrent order that took the units wins, we retry.
        const result = await trx
          .updateTable('stock')
          .set((eb) => ({
            available: eb('available', '-', line.quantity),
            reserved: eb('reserved', '+', line.quantity),
            updated_at: now,
          }))
          .where('sku', '=', line.sku)
          .where('available', '>=', line.quantity)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw new StockChangedConcurrently();
      }
    }
    outbox.add(answerFor(event, decision));
    return decision;
  }
}

/** Another transaction changed a SKU between our read and our update; the whole reservation is retried. */
class StockChangedConcurrently extends Error {}

function answerFor(event: ReceivedEvent<OrderCreated>, decision: ReservationDecision) {
  const { orderId } = event.data;
  const common = {
    source: INVENTORY_SOURCE,
    subject: orderId,
    traceparent: event.traceparent,
    tracestate: event.tracestate,
  };
  return decision.outcome === 'reserved'
    ? createEnvelope<InventoryReserved>({
        ...common,
        type: INVENTORY_RESERVED,
        // The order's own lines, as ordered: merged per SKU they could exceed a line's 1,000 units.
        data: { orderId, items: event.data.items.map(({ sku, quantity }) => ({ sku, quantity })) },
      })
    : createEnvelope<InventoryRejected>({
        ...common,
        type: INVENTORY_REJECTED,
        data: { orderId, reason: decision.reason, sku: decision.sku },
      });
}
