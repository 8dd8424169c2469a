import type { EventEnvelope } from '#events';
import {
  listParkedOutboxRows,
  OUTBOX_MIGRATIONS,
  OutboxRelay,
  unparkAllOutboxRows,
  unparkOutboxRows,
  type OutboxPublisher,
  type OutboxTables,
} from '#outbox';
import { createDatabase, migrateDatabase, parseDatabaseUrl } from '#persistence';
import type { Kysely } from 'kysely';
import { envelopeOf, insertOutboxRows, outboxState } from '../support/outbox-rows.js';
import { describeWithoutBroker, postgresDatabase, sqliteDatabase, type TestDatabase, waitFor } from '#testing';

/** What a broker answers for an event it will never take (too large, not authorised). */
class RefusedForGood extends Error {}

/**
 * The outbox relay and the parked-row API on each real database, with a publisher standing in for
 * the broker (the e2e suites do the same against every real broker): which rows it refuses for good,
 * which fail for a while, which hang, and whether the broker answers are set by the test.
 */
class ScriptedBroker {
  readonly published: string[] = [];
  readonly attempted = new Map<string, number>();
  refusedTypes = new Set<string>();
  failingTypes = new Set<string>();
  hangingTypes = new Set<string>();
  reachable = true;

  readonly publisher: OutboxPublisher = {
    publish: async (envelope: EventEnvelope) => {
      this.attempted.set(envelope.id, (this.attempted.get(envelope.id) ?? 0) + 1);
      if (this.hangingTypes.has(envelope.type)) return new Promise<void>(() => undefined);
      if (this.refusedTypes.has(envelope.type)) throw new RefusedForGood(`the broker refused ${envelope.type}`);
      if (this.failingTypes.has(envelope.type)) throw new Error(`not enough replicas in sync for ${envelope.type}`);
      // Two relays may publish at the same instant: yield, as a network call would.
      await new Promise((resolve) => setImmediate(resolve));
      this.published.push(envelope.id);
    },
    reachable: async () => this.reachable,
    refusedForGood: (error: unknown) => error instanceof RefusedForGood,
  };
}

const settings = { maxAttempts: 3, publishTimeoutMs: 500 };

describeWithoutBroker().each(['sqlite', 'postgres'] as const)('outbox delivery on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<OutboxTables>;
  const relays: OutboxRelay[] = [];

  const startRelay = (broker: ScriptedBroker) => {
    const relay = new OutboxRelay(db, parseDatabaseUrl(database.url), settings, broker.publisher);
    relays.push(relay);
    relay.onApplicationBootstrap();
    return relay;
  };

  beforeEach(async () => {
    database = dialect === 'postgres' ? await postgresDatabase('parked_outbox') : sqliteDatabase('parked-outbox');
    db = createDatabase<OutboxTables>(parseDatabaseUrl(database.url));
    await migrateDatabase(db as Kysely<unknown>, OUTBOX_MIGRATIONS);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop(2_000)));
    await db.destroy();
    await database.drop();
  });

  it('parks a row refused for good after OUTBOX_MAX_ATTEMPTS, while the rows behind it go out', async () => {
    const broker = new ScriptedBroker();
    broker.refusedTypes.add('refused.event');
    const refused = envelopeOf('refused.event');
    const behind = Array.from({ length: 20 }, () => envelopeOf('good.event'));
    await insertOutboxRows(db, [refused]);
    await insertOutboxRows(db, behind, new Date());
    startRelay(broker);

    await waitFor('every good row published', () => behind.every((event) => broker.published.includes(event.id)));
    const [parked] = await waitFor(
      'the refused row parked',
      async () => (await listParkedOutboxRows(db)).length === 1 && (await listParkedOutboxRows(db)),
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(parked).toMatchObject({ id: refused.id, type: 'refused.event', attempts: 3 });
    expect(parked.lastError).toBe('the broker refused refused.event');
    expect(broker.attempted.get(refused.id)).toBe(3);
  }, 30_000);

  it('never parks a row that fails or hangs while the broker answers, and publishes it once the broker takes it', async () => {
    const broker = new ScriptedBroker();
    broker.failingTypes.add('failing.event');
    broker.hangingTypes.add('hanging.event');
    const failing = envelopeOf('failing.event');
    const hanging = envelopeOf('hanging.event');
    const behind = Array.from({ length: 20 }, () => envelopeOf('good.event'));
    await insertOutboxRows(db, [failing, hanging]);
    await insertOutboxRows(db, behind, new Date());
    startRelay(broker);

    await waitFor('every good row published', () => behind.every((event) => broker.published.includes(event.id)));
    // Past OUTBOX_MAX_ATTEMPTS (3): a row refused for good would have been parked by now.
    const state = await waitFor(
      'both rows tried more often than OUTBOX_MAX_ATTEMPTS allows a refused one',
      async () => {
        const state = await outboxState(db, [failing.id, hanging.id]);
        return state.every((row) => row.attempts > settings.maxAttempts) && state;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const failed = state.find((row) => row.id === failing.id);
    const hung = state.find((row) => row.id === hanging.id);
    expect(failed).toMatchObject({ parked_at: null, last_error: 'not enough replicas in sync for failing.event' });
    expect(hung).toMatchObject({ parked_at: null, last_error: 'no confirmation within 500 ms' });
    expect(await listParkedOutboxRows(db)).toEqual([]);

    // The broker's passing state ends: both go out on their next attempt.
    broker.failingTypes.clear();
    broker.hangingTypes.clear();
    await waitFor(
      'both rows published',
      () => broker.published.includes(failing.id) && broker.published.includes(hanging.id),
      { timeoutMs: 20_000 },
    );
  }, 60_000);

  it('un-parks one row or all of them, and the relay then retries them', async () => {
    const broker = new ScriptedBroker();
    broker.refusedTypes.add('refused.event');
    const first = envelopeOf('refused.event');
    const second = envelopeOf('refused.event');
    await insertOutboxRows(db, [first, second]);
    startRelay(broker);
    await waitFor('both rows parked', async () => (await listParkedOutboxRows(db)).length === 2, {
      timeoutMs: 20_000,
      intervalMs: 100,
    });

    // The operator fixed the cause (say, created the missing topic), then retries one row.
    broker.refusedTypes.clear();
    expect(await unparkOutboxRows(db, [first.id, 'no-such-row'])).toBe(1);
    await waitFor('the un-parked row published', () => broker.published.includes(first.id));
    expect((await listParkedOutboxRows(db)).map((row) => row.id)).toEqual([second.id]);
    expect(broker.published).not.toContain(second.id);

    expect(await unparkAllOutboxRows(db)).toBe(1);
    await waitFor('the other row published', () => broker.published.includes(second.id));
    expect(await listParkedOutboxRows(db)).toEqual([]);
    expect(await unparkAllOutboxRows(db)).toBe(0);
    const state = await outboxState(db, [first.id, second.id]);
    expect(state.every((row) => row.published_at !== null && row.parked_at === null)).toBe(true);
  }, 30_000);

  it('counts no attempt while the broker itself does not answer, and sends once it is back', async () => {
    const broker = new ScriptedBroker();
    broker.reachable = false;
    broker.refusedTypes.add('good.event');
    const waiting = envelopeOf('good.event');
    await insertOutboxRows(db, [waiting]);
    startRelay(broker);

    // The publish failed and the broker does not answer: the relay hands the row back uncounted and waits.
    const [row] = await waitFor('the failed try settled', async () => {
      const state = await outboxState(db, [waiting.id]);
      return (broker.attempted.get(waiting.id) ?? 0) >= 1 && state[0].leased_until === null && state;
    });
    expect(row).toMatchObject({ attempts: 0, parked_at: null, published_at: null });

    broker.refusedTypes.clear();
    broker.reachable = true;
    await waitFor('the row published once the broker is back', () => broker.published.includes(waiting.id), {
      timeoutMs: 20_000,
    });
  }, 60_000);

  if (dialect === 'postgres') {
    it('two relays on one database never publish the same row', async () => {
      const broker = new ScriptedBroker();
      const rows = Array.from({ length: 1_500 }, () => envelopeOf('good.event'));
      await insertOutboxRows(db, rows);
      startRelay(broker);
      startRelay(broker);
      await waitFor('every row published', () => broker.published.length >= rows.length, { timeoutMs: 30_000 });
      expect(new Set(broker.published).size).toBe(broker.published.length);
      expect(broker.published.length).toBe(rows.length);
    }, 60_000);
  }
});
