import { traceContextOf, traceContextToSend, type EventEnvelope } from '#events';
import { DATABASE, DATABASE_LOCATION, type DatabaseLocation } from '#persistence';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Kysely } from 'kysely';
import {
  describeFailure,
  failuresAreTheRows,
  leaseMs,
  planFailureUpdates,
  type FailedRow,
} from './outbox-delivery-policy.js';
import type { OutboxDeliverySettings } from './outbox.config.js';
import type { OutboxPublisher } from './outbox-publisher.js';
import type { OutboxTables } from './outbox.table.js';
import { OUTBOX_DELIVERY_SETTINGS, OUTBOX_PUBLISHER } from './outbox.tokens.js';

const BATCH_SIZE = 256;
const IDLE_POLL_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;
const tracer = trace.getTracer('libs/outbox');

interface ClaimedRow {
  id: string;
  envelope: string;
  attempts: number;
}

/** Every publish of a batch failed and the broker does not answer: wait for it rather than blame the rows. */
class BrokerUnavailable extends Error {}

/**
 * Publishes committed outbox rows. A row counts as sent only after the broker confirmed it, so a
 * crash or outage re-sends rather than loses (consumers deduplicate on the event id).
 *
 * Each pass claims a batch (on PostgreSQL with a lease: one short UPDATE, committed at once, whose
 * subquery takes the rows FOR UPDATE SKIP LOCKED, so two instances never claim the same row), publishes
 * it concurrently outside any transaction, each publish bounded by OUTBOX_PUBLISH_TIMEOUT_MS, then marks
 * what was confirmed in one statement. A row that fails waits out its own backoff while the rows behind
 * it go on; only a row the broker refuses for good is parked, after OUTBOX_MAX_ATTEMPTS, for an operator.
 * A crashed relay's lease simply runs out.
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
    @Inject(DATABASE) private readonly db: Kysely<OutboxTables>,
    @Inject(DATABASE_LOCATION) private readonly location: DatabaseLocation,
    @Inject(OUTBOX_DELIVERY_SETTINGS) private readonly settings: OutboxDeliverySettings,
    @Inject(OUTBOX_PUBLISHER) private readonly publisher: OutboxPublisher,
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
    let leasesReleased = this.location.dialect === 'postgres';
    while (this.running) {
      try {
        // SQLite: this process is the file's only relay, so claims left by a crashed run are void.
        if (!leasesReleased) leasesReleased = await this.releaseAllLeases();
        const claimed = await this.relayBatch();
        failures = 0;
        if (claimed < BATCH_SIZE && this.finalPass) break;
        if (claimed < BATCH_SIZE) {
          await this.idle(IDLE_POLL_MS);
          // Woken by a commit: let the other commits of this turn of the event loop join the batch.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch (error) {
        if (this.finalPass) break;
        failures += 1;
        const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** failures);
        this.logger.warn(`publishing failed (${describeFailure(error)}); retrying in ${delay} ms`);
        await this.idle(delay);
        // Re-sending into an unreachable broker would only pile up copies in the client's buffers.
        if (error instanceof BrokerUnavailable) await this.untilBrokerAnswers();
      }
    }
  }

  /** One pass: claim, publish, settle. Returns how many rows it claimed. */
  private async relayBatch(): Promise<number> {
    const rows = await this.claim(new Date());
    if (rows.length === 0) return 0;
    const outcomes = await Promise.all(rows.map((row) => this.publishRow(row)));
    const sent = rows.filter((_, index) => outcomes[index] === null).map((row) => row.id);
    const failed: FailedRow[] = rows.flatMap((row, index) => {
      const failure = outcomes[index];
      return failure === null ? [] : [{ id: row.id, attempts: row.attempts, ...failure }];
    });
    if (sent.length > 0) {
      await this.db
        .updateTable('outbox')
        .set({ published_at: new Date().toISOString(), leased_until: null })
        .where('id', 'in', sent)
        .execute();
    }
    if (failed.length === 0) return rows.length;
    if (!(await failuresAreTheRows(sent.length, () => this.publisher.reachable()))) {
      await this.releaseLeases(failed.map((row) => row.id));
      throw new BrokerUnavailable(`broker unreachable: ${failed[0].error}`);
    }
    await this.recordFailures(failed);
    return rows.length;
  }

  /**
   * Takes up to a batch of due rows, oldest first. On PostgreSQL it leases them (one short UPDATE,
   * committed before any publish) so that other instances skip them. On SQLite this loop is the file's
   * only relay and settles each batch before it claims again, so reading the rows claims them: no lease
   * to write, and one commit fewer per pass.
   */
  private claim(now: Date): Promise<ClaimedRow[]> {
    const at = now.toISOString();
    const due = this.db
      .selectFrom('outbox')
      .where('published_at', 'is', null)
      .where('parked_at', 'is', null)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)]))
      .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<=', at)]))
      .orderBy('created_at')
      .limit(BATCH_SIZE);
    if (this.location.dialect === 'sqlite') return due.select(['id', 'envelope', 'attempts']).execute();
    return this.db
      .updateTable('outbox')
      .set({ leased_until: new Date(now.getTime() + leaseMs(this.settings.publishTimeoutMs)).toISOString() })
      .where('id', 'in', due.select('id').forUpdate().skipLocked())
      .returning(['id', 'envelope', 'attempts'])
      .execute();
  }

  /**
   * Resolves to null once the broker confirmed, or to why it did not within the timeout. Traced as a
   * `<type> publish` span under the trace the event was written in; the event carries that span on.
   */
  private async publishRow(row: ClaimedRow): Promise<Pick<FailedRow, 'error' | 'refused'> | null> {
    let timer: NodeJS.Timeout | undefined;
    let stored: EventEnvelope;
    try {
      stored = JSON.parse(row.envelope) as EventEnvelope;
    } catch (error) {
      // Stored as no event can be read: no retry changes that.
      return { error: describeFailure(error), refused: true };
    }
    const parent = traceContextOf(stored);
    const span = tracer.startSpan(
      `${stored.type} publish`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.operation.type': 'publish',
          'messaging.destination.name': stored.type,
          'messaging.message.id': stored.id,
        },
      },
      parent,
    );
    try {
      const envelope = span.isRecording()
        ? { ...stored, ...traceContextToSend(stored, trace.setSpan(parent, span)) }
        : stored;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no confirmation within ${this.settings.publishTimeoutMs} ms`)),
          this.settings.publishTimeoutMs,
        );
      });
      await Promise.race([this.publisher.publish(envelope), timeout]);
      return null;
    } catch (error) {
      const failure = describeFailure(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
      return { error: failure, refused: this.publisher.refusedForGood(error) };
    } finally {
      clearTimeout(timer);
      span.end();
    }
  }

  private async recordFailures(failed: FailedRow[]): Promise<void> {
    for (const update of planFailureUpdates(failed, new Date(), this.settings.maxAttempts)) {
      await this.db
        .updateTable('outbox')
        .set({
          attempts: update.attempts,
          last_error: update.lastError,
          next_attempt_at: update.nextAttemptAt,
          parked_at: update.parkedAt,
          leased_until: null,
        })
        .where('id', 'in', update.ids)
        .execute();
      if (update.parkedAt) {
        this.logger.error(
          `${update.ids.length} outbox row(s) parked after ${update.attempts} failed attempts (${update.lastError}); ` +
            'list and retry them with npm run dead-letters',
        );
      }
    }
  }

  private async releaseLeases(ids: string[]): Promise<void> {
    await this.db.updateTable('outbox').set({ leased_until: null }).where('id', 'in', ids).execute();
  }

  private async releaseAllLeases(): Promise<boolean> {
    await this.db.updateTable('outbox').set({ leased_until: null }).where('leased_until', 'is not', null).execute();
    return true;
  }

  private async untilBrokerAnswers(): Promise<void> {
    while (this.running && !this.finalPass && !(await this.publisher.reachable())) await this.idle(IDLE_POLL_MS);
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
