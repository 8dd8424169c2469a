import { randomUUID } from 'node:crypto';
import { DATABASE } from '#persistence';
import { SERVICE_CONFIG, type ServiceConfig } from '#runtime';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Kysely, Transaction } from 'kysely';
import type { OrderServiceTables } from './orders.table.js';

/** How long a claimed key answers 409 while its request has not finished; after that a retry may take it over. */
export const IDEMPOTENCY_LEASE_MS = 10_000;
/** Expired keys are deleted this often, in batches of PRUNE_BATCH rows. */
const PRUNE_INTERVAL_MS = 5 * 60_000;
const PRUNE_BATCH = 500;
const CLAIM_ROUNDS = 5;

export interface IdempotencyScope {
  customerId: string;
  key: string;
}

export type IdempotencyClaim =
  /** This request owns the key: place the order and complete the claim in the same transaction. */
  | { outcome: 'claimed'; token: string }
  /** A request with this key and body already placed this order. */
  | { outcome: 'completed'; orderId: string };

/** The key was first used with a different request body (HTTP 422). */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor() {
    super('this Idempotency-Key was already used with a different request body');
  }
}

/** The first request with this key has not finished (HTTP 409: retry later). */
export class IdempotencyKeyInFlightError extends Error {
  override readonly name = 'IdempotencyKeyInFlightError';
  constructor() {
    super('a request with this Idempotency-Key is still in flight; retry later');
  }
}

/**
 * Idempotency-Key records, safe across instances sharing one database: a request first claims its
 * (customer, key) with an insert that only one can win, committed on its own so that concurrent
 * retries see it and answer 409; the order's transaction then completes the claim, which only the
 * claim's current holder can do. A claim whose request died is taken over once its lease has run
 * out, and a key older than the retention is treated as unknown. Every step is one conditional
 * statement, so two instances can never both place an order for one (customer, key).
 */
@Injectable()
export class IdempotencyRecords implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IdempotencyRecords');
  private readonly retentionMs: number;
  private pruning: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OrderServiceTables>,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.retentionMs = config.http.idempotencyKeyRetentionHours * 3_600_000;
  }

  async claim(scope: IdempotencyScope, fingerprint: string): Promise<IdempotencyClaim> {
    // Each round loses only to another request that changed the row meanwhile; a few rounds settle it.
    for (let round = 0; round < CLAIM_ROUNDS; round += 1) {
      const now = Date.now();
      const token = randomUUID();
      const fresh = { fingerprint, order_id: null, claim_token: token, ...this.timestamps(now) };
      const inserted = await this.db
        .insertInto('idempotency_keys')
        .values({ customer_id: scope.customerId, idempotency_key: scope.key, ...fresh })
        .onConflict((conflict) => conflict.columns(['customer_id', 'idempotency_key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows) === 1) return { outcome: 'claimed', token };

      const row = await this.record(scope).selectAll().executeTakeFirst();
      if (!row) continue; // pruned in between: claim again
      const expired = row.created_at < new Date(now - this.retentionMs).toISOString();
      if (!expired) {
        if (row.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
        if (row.order_id !== null) return { outcome: 'completed', orderId: row.order_id };
        if (row.lease_expires_at > new Date(now).toISOString()) throw new IdempotencyKeyInFlightError();
      }
      // Expired, or abandoned by a request that never finished: take it over unless someone else just did.
      const taken = await this.db
        .updateTable('idempotency_keys')
        .set(fresh)
        .where('customer_id', '=', scope.customerId)
        .where('idempotency_key', '=', scope.key)
        .where('claim_token', '=', row.claim_token)
        .where('order_id', row.order_id === null ? 'is' : '=', row.order_id)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) return { outcome: 'claimed', token };
    }
    throw new IdempotencyKeyInFlightError();
  }

  /** In the order's transaction: records its order, or throws if the claim was taken over meanwhile. */
  async complete(trx: Transaction<OrderServiceTables>, scope: IdempotencyScope, token: string, orderId: string) {
    const result = await trx
      .updateTable('idempotency_keys')
      .set({ order_id: orderId })
      .where('customer_id', '=', scope.customerId)
      .where('idempotency_key', '=', scope.key)
      .where('claim_token', '=', token)
      .where('order_id', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new IdempotencyKeyInFlightError();
  }

  /** The request failed before placing its order: free the key now rather than when the lease ends. */
  async release(scope: IdempotencyScope, token: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('customer_id', '=', scope.customerId)
      .where('idempotency_key', '=', scope.key)
      .where('claim_token', '=', token)
      .where('order_id', 'is', null)
      .execute()
      .catch((error: Error) => this.logger.warn(`could not release an idempotency claim: ${error.message}`));
  }

  /** Deletes keys past the retention, a batch at a time; returns how many. */
  async pruneExpired(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.retentionMs).toISOString();
    let deleted = 0;
    for (;;) {
      // The created_at of the last row of this batch bounds the delete to about one batch.
      const last = await this.db
        .selectFrom('idempotency_keys')
        .select('created_at')
        .where('created_at', '<', cutoff)
        .orderBy('created_at')
        .offset(PRUNE_BATCH - 1)
        .limit(1)
        .executeTakeFirst();
      const result = await this.db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', cutoff)
        .where('created_at', '<=', last?.created_at ?? cutoff)
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
      if (!last) return deleted;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  onApplicationBootstrap(): void {
    this.pruning = setInterval(() => {
      this.pruneExpired().catch((error: Error) => this.logger.warn(`pruning expired keys failed: ${error.message}`));
    }, PRUNE_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruning);
  }

  private record(scope: IdempotencyScope) {
    return this.db
      .selectFrom('idempotency_keys')
      .where('customer_id', '=', scope.customerId)
      .where('idempotency_key', '=', scope.key);
  }

  private timestamps(now: number) {
    return {
      lease_expires_at: new Date(now + IDEMPOTENCY_LEASE_MS).toISOString(),
      created_at: new Date(now).toISOString(),
    };
  }
}
