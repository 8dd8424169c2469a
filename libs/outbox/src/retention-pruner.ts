import { DATABASE } from '#persistence';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { describeFailure } from './outbox-delivery-policy.js';
import type { RetentionSettings } from './outbox.config.js';
import type { OutboxTables } from './outbox.table.js';
import { RETENTION_SETTINGS } from './outbox.tokens.js';

/** Rows per DELETE: short statements, so the flow's own writes never wait long behind one. */
const PRUNE_BATCH = 500;
/** Pause between two batches, leaving the database (and SQLite's single writer) to the flow. */
const PAUSE_BETWEEN_BATCHES_MS = 20;

export interface PruneResult {
  inbox: number;
  outbox: number;
}

/**
 * Removes, on a timer, processed inbox rows older than INBOX_RETENTION_HOURS and published outbox
 * rows older than OUTBOX_RETENTION_HOURS, a few hundred at a time. Unpublished and parked outbox
 * rows are never touched. A failed pass (database down) is only logged: the next one catches up.
 */
@Injectable()
export class RetentionPruner implements OnApplicationBootstrap {
  private readonly logger = new Logger('RetentionPruner');
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OutboxTables>,
    @Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Stops the timer and lets a running pass end after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  async pruneOnce(now = new Date()): Promise<PruneResult> {
    const cutoff = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
    const inbox = await this.inBatches(() =>
      this.db
        .deleteFrom('inbox')
        .where('processed_at', '<', cutoff(this.settings.inboxHours))
        .where('event_id', 'in', (db) =>
          db
            .selectFrom('inbox')
            .select('event_id')
            .where('processed_at', '<', cutoff(this.settings.inboxHours))
            .limit(PRUNE_BATCH),
        )
        .executeTakeFirst(),
    );
    const outbox = await this.inBatches(() =>
      this.db
        .deleteFrom('outbox')
        .where('published_at', '<', cutoff(this.settings.outboxHours))
        .where('id', 'in', (db) =>
          db
            .selectFrom('outbox')
            .select('id')
            .where('published_at', 'is not', null)
            .where('published_at', '<', cutoff(this.settings.outboxHours))
            .limit(PRUNE_BATCH),
        )
        .executeTakeFirst(),
    );
    return { inbox, outbox };
  }

  private async inBatches(deleteBatch: () => Promise<{ numDeletedRows: bigint }>): Promise<number> {
    let total = 0;
    while (!this.stopping) {
      const deleted = Number((await deleteBatch()).numDeletedRows);
      total += deleted;
      if (deleted < PRUNE_BATCH) break;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_BATCHES_MS));
    }
    return total;
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.pass = this.pruneOnce()
        .then(({ inbox, outbox }) => {
          if (inbox + outbox > 0) this.logger.log(`pruned ${inbox} inbox and ${outbox} outbox rows past retention`);
        })
        .catch((error: unknown) => this.logger.warn(`pruning failed (${describeFailure(error)}); next pass will retry`))
        .finally(() => this.schedule());
    }, this.settings.intervalMs);
    this.timer.unref();
  }
}
