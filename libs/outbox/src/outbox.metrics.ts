import { DATABASE } from '#persistence';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { Gauge, register } from 'prom-client';
import type { OutboxTables } from './outbox.table.js';

export const OUTBOX_BACKLOG = 'outbox_backlog';
export const OUTBOX_OLDEST_UNPUBLISHED_AGE = 'outbox_oldest_unpublished_age_seconds';
export const OUTBOX_PARKED = 'outbox_parked';

interface Waiting {
  count: number;
  oldest: string | null;
}

/**
 * The outbox's gauges, read from this application's table at each scrape, so they are exact whatever
 * the relay is doing. They live in prom-client's default registry, which /metrics serves, from start to
 * close of the application (a test process may start several, one after the other).
 */
@Injectable()
export class OutboxMetrics implements OnModuleInit, OnModuleDestroy {
  private gauges: Array<{ name: string; gauge: Gauge }> = [];

  constructor(@Inject(DATABASE) private readonly db: Kysely<OutboxTables>) {}

  onModuleInit(): void {
    // One query answers the first two gauges; prom-client collects them one after the other per scrape.
    let waiting: Promise<Waiting> | null = null;
    const readWaiting = () => (waiting ??= this.readWaiting().finally(() => setImmediate(() => (waiting = null))));
    this.gauges = [
      scraped(OUTBOX_BACKLOG, 'Outbox rows waiting to be published (parked rows excluded)', async () => {
        return (await readWaiting()).count;
      }),
      scraped(
        OUTBOX_OLDEST_UNPUBLISHED_AGE,
        'Age of the oldest outbox row waiting to be published, in seconds (0 when none waits)',
        async () => {
          const { oldest } = await readWaiting();
          return oldest ? Math.max(0, (Date.now() - Date.parse(oldest)) / 1_000) : 0;
        },
      ),
      scraped(
        OUTBOX_PARKED,
        'Outbox rows parked after OUTBOX_MAX_ATTEMPTS, waiting for an operator (npm run dead-letters)',
        () => this.countParked(),
      ),
    ];
    for (const { name, gauge } of this.gauges) {
      register.removeSingleMetric(name);
      register.registerMetric(gauge);
    }
  }

  onModuleDestroy(): void {
    for (const { name, gauge } of this.gauges) {
      if (register.getSingleMetric(name) === gauge) register.removeSingleMetric(name);
    }
  }

  private async readWaiting(): Promise<Waiting> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('created_at').as('oldest')])
      .where('published_at', 'is', null)
      .where('parked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), oldest: row.oldest };
  }

  private async countParked(): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('parked_at', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}

/** A gauge whose value is read when Prometheus scrapes it, kept out of any registry until registered. */
function scraped(name: string, help: string, read: () => Promise<number>): { name: string; gauge: Gauge } {
  const gauge = new Gauge({
    name,
    help,
    registers: [],
    async collect() {
      this.set(await read());
    },
  });
  return { name, gauge };
}
