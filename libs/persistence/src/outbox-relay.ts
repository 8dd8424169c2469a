import { EventPublisher } from '#messaging';
import type { EventEnvelope } from '#events';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { DatabaseLocation } from './database-url.js';
import type { MessagingTables } from './outbox.table.js';
import { DATABASE, DATABASE_LOCATION } from './persistence.tokens.js';

const BATCH_SIZE = 256;
const IDLE_POLL_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;

/**
 * Publishes committed outbox rows. A row counts as sent only after the broker confirmed it, so a
 * crash or outage re-sends rather than loses (consumers deduplicate on the event id). Each batch
 * goes out concurrently; on PostgreSQL rows are claimed with SKIP LOCKED so two instances never
 * publish the same row at once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private loop: Promise<void> | null = null;
  private finalPass = false;

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<MessagingTables>,
    @Inject(DATABASE_LOCATION) private readonly location: DatabaseLocation,
    private readonly publisher: EventPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops the loop after one last pass, so events committed by the handlers that just finished go out
   * now rather than at the next start. Waits at most `timeoutMs`; whatever is left stays in the outbox.
   */
  async stop(timeoutMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.finalPass = true;
    this.notify();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    this.running = false;
    this.notify();
  }

  /** Called after a transaction that added outbox rows has committed: publish without waiting for the poll. */
  notify(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.relayBatch();
        failures = 0;
        if (published < BATCH_SIZE && this.finalPass) break;
        if (published < BATCH_SIZE) await this.idle(IDLE_POLL_MS);
      } catch (error) {
        if (this.finalPass) break;
        failures += 1;
        const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** failures);
        this.logger.warn(`publishing failed (${(error as Error).message}); retrying in ${delay} ms`);
        await this.idle(delay);
      }
    }
  }

  private async relayBatch(): Promise<number> {
    if (this.location.dialect === 'postgres') {
      return this.db.transaction().execute((trx) => this.publishPending(trx, true));
    }
    // SQLite has one writer per file and one process per service file, so no claim is needed.
    return this.publishPending(this.db, false);
  }

  private async publishPending(db: Kysely<MessagingTables>, claim: boolean): Promise<number> {
    let query = db
      .selectFrom('outbox')
      .select(['id', 'envelope'])
      .where('published_at', 'is', null)
      .orderBy('created_at')
      .limit(BATCH_SIZE);
    if (claim) query = query.forUpdate().skipLocked();
    const rows = await query.execute();
    if (rows.length === 0) return 0;
    const results = await Promise.allSettled(
      rows.map((row) => this.publisher.publish(JSON.parse(row.envelope) as EventEnvelope)),
    );
    const sent = rows.filter((_, index) => results[index].status === 'fulfilled').map((row) => row.id);
    if (sent.length > 0) {
      await db.updateTable('outbox').set({ published_at: new Date().toISOString() }).where('id', 'in', sent).execute();
    }
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return sent.length;
  }

  private idle(ms: number): Promise<void> {
    if (this.pendingWake || !this.running) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        this.wakeUp = null;
        this.pendingWake = false;
        resolve();
      };
      const timeout = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
