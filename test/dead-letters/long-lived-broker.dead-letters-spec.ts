import { randomUUID } from 'node:crypto';
import { createEnvelope, ORDER_CREATED } from '#events';
import { Kafka, logLevel } from 'kafkajs';
import { loadMessagingConfig, type BrokerName } from '#messaging';
import { KAFKA_PURGE_RULE, openDeadLetterStore } from '#messaging/operator';
import {
  isLetterLine,
  runDeadLettersCli,
  type DeadLetterLine,
  type DeadLettersCliRun,
} from '../support/dead-letters-cli.js';
import { BROKERS_UNDER_TEST, OrderSystem, type RawBrokerClient, rawClientFor, waitFor } from '#testing';
import { deadLettersMentioning, expectStillConsuming } from '../support/reliability-oracle.js';
import { LongLivedDestination, UNCONSUMED_ORIGIN } from './long-lived-destination.js';
import { untilTopicsHaveLeaders } from '#messaging/operator';

const SERVICE = 'inventory-service';
/** What a terminal could act on; the tool's human output may hold line feeds between its own lines only. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const MIB = 1024 * 1024;
/** What walking a whole destination may cost over walking one letter: a few broker batches and their garbage. */
const MEMORY_GROWTH_BUDGET = 96 * MIB;

/**
 * The dead-letter tool and the poison scenario on a destination that holds thousands of letters,
 * some as large as the broker accepts, plus whatever earlier runs left: everything is selected by
 * this run's marker at the source, the tool's output is streamed (never buffered) and its memory is
 * measured from outside.
 */
describe.each(BROKERS_UNDER_TEST)('dead letters on a long-lived broker (%s)', (broker) => {
  const destination = new LongLivedDestination(broker);
  const { marker, expected } = destination;
  let system: OrderSystem;
  let raw: RawBrokerClient;
  let filledAt: string;
  /** This run's letters only (the CLI's --since), and a budget that fits a destination of this size. */
  const own = () => ['--service', SERVICE, '--since', filledAt, '--timeout', '120s'];

  beforeAll(async () => {
    system = await OrderSystem.start({ broker, orderDatabase: 'sqlite', inventoryDatabase: 'sqlite' });
    raw = rawClientFor(broker);
    filledAt = new Date(Date.now() - 1_000).toISOString();
    await raw.writeDeadLetters(SERVICE, destination.letters());
  }, 240_000);

  afterAll(async () => {
    // Removes what this run created (on Kafka what a purge can, the rest expires with retention).
    const store = openDeadLetterStore(loadMessagingConfig(SERVICE, { ...process.env, BROKER: broker }), [
      ORDER_CREATED,
    ]);
    try {
      for await (const _ of store.purge({ match: marker, deadlineMs: 120_000 })) void _;
    } finally {
      await store.close();
      await raw?.close();
      await system?.stop();
    }
  }, 180_000);

  it('lists all of its letters, streamed with truncated bodies and their sizes, in memory far below the destination’s size', async () => {
    const baseline = await runDeadLettersCli(broker, ['list', '--json', '--limit', '1', '--match', marker, ...own()], {
      measureMemory: true,
    });
    expect(baseline.exitCode).toBe(0);

    const sizes = new Map<string, number>();
    let longestLine = 0;
    let summary: { stoppedBy?: string; selected?: number } = {};
    const listing = await runDeadLettersCli(
      broker,
      ['list', '--json', '--limit', '100000', '--match', marker, ...own()],
      {
        measureMemory: true,
        onLine: (line) => {
          longestLine = Math.max(longestLine, line.length);
          const value = JSON.parse(line) as DeadLetterLine | { summary: typeof summary };
          if ('summary' in value) summary = value.summary;
          else {
            sizes.set(value.locator, value.bodySize);
            expect(Buffer.byteLength(value.body)).toBeLessThanOrEqual(512);
            expect(value.bodyTruncated).toBe(value.bodySize > 512);
          }
        },
      },
    );
    expect(listing.exitCode).toBe(0);
    expect(summary).toMatchObject({ stoppedBy: 'end', selected: expected.total });
    expect(sizes.size).toBe(expected.total);
    expect([...sizes.values()].reduce((sum, size) => sum + size, 0)).toBe(expected.totalBytes);
    expect(longestLine).toBeLessThan(8 * 1024);

    // Whole bodies, one at a time: the large letters, each printed in full and dropped by this test.
    let fullBodies = 0;
    const full = await runDeadLettersCli(
      broker,
      ['list', '--json', '--full', '--limit', '100000', '--match', `${marker}-large`, ...own()],
      {
        measureMemory: true,
        onLine: (line) => {
          const value: unknown = JSON.parse(line);
          if (!isLetterLine(value)) return;
          expect(value.body).toHaveLength(destination.large.bytes);
          fullBodies += 1;
        },
      },
    );
    expect(full.exitCode).toBe(0);
    expect(fullBodies).toBe(destination.large.count);

    const peak = Math.max(listing.peakRssBytes!, full.peakRssBytes!);
    console.log(
      `[dead-letters report] ${broker} | letters ${expected.total} (${destination.large.count} of ${(destination.large.bytes / 1024).toFixed(0)} KiB) | ` +
        `destination ${(expected.totalBytes / MIB).toFixed(1)} MiB | peak RSS: --limit 1 ${mib(baseline)} MiB, ` +
        `all ${mib(listing)} MiB, all large in full ${mib(full)} MiB | output ${(listing.bytes / MIB).toFixed(1)} MiB`,
    );
    // Reading everything costs a few broker batches more than reading one letter, whatever the
    // destination holds (measured here: about the same growth for 60 and 180 MiB of letters).
    expect(peak - baseline.peakRssBytes!).toBeLessThan(MEMORY_GROWTH_BUDGET);
    expect(peak - baseline.peakRssBytes!).toBeLessThan(expected.totalBytes);
  }, 600_000);

  it('filters at the source by reason, type, text anywhere in a body, id and time range', async () => {
    const count = async (...args: string[]) => {
      let letters = 0;
      // The filters come last, so a --since of their own replaces this run's.
      const run = await runDeadLettersCli(broker, ['list', '--json', '--limit', '100000', ...own(), ...args], {
        onLine: (line) => void (isLetterLine(JSON.parse(line)) && (letters += 1)),
      });
      expect(run.exitCode).toBe(0);
      return letters;
    };
    expect(await count('--match', marker, '--reason', 'INVALID')).toBe(expected.invalid);
    expect(await count('--match', marker, '--type', ORDER_CREATED)).toBe(expected.orderCreated);
    // The needle is in the last bytes of the last large letter, past anything the tool shows.
    expect(await count('--match', destination.needleAtTheEnd)).toBe(1);
    expect(await count('--match', `${marker}-bulk-1234"`)).toBe(1);
    expect(await count('--match', marker, '--until', new Date(Date.parse(filledAt) - 3_600_000).toISOString())).toBe(0);
    expect(await count('--match', marker, '--since', new Date(Date.now() + 3_600_000).toISOString())).toBe(0);

    // People get pages: the default output stops at --limit and says more may match.
    const page = await runDeadLettersCli(broker, ['list', '--limit', '20', '--match', marker, ...own()]);
    expect(page.head.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(20);
    expect(page.head).toContain('the limit (20) was reached: more may match');
  }, 300_000);

  it('never prints a control character from a message, in human output or in JSON', async () => {
    const human = await runDeadLettersCli(broker, ['list', '--match', destination.controlMarker, ...own()]);
    expect(human.exitCode).toBe(0);
    expect(human.head.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(expected.control);
    expect(human.head).not.toMatch(RAW_CONTROLS);
    expect(human.head).toContain(broker === 'sqs' ? '\\x9b31m' : '\\x1b[2J');

    const bodies: string[] = [];
    const json = await runDeadLettersCli(broker, ['list', '--json', '--match', destination.controlMarker, ...own()], {
      onLine: (line) => {
        expect(line).not.toMatch(RAW_CONTROLS);
        const value: unknown = JSON.parse(line);
        if (isLetterLine(value)) bodies.push(value.body);
      },
    });
    expect(json.exitCode).toBe(0);
    // Escaped for the terminal, yet the same value for a program.
    expect(bodies).toHaveLength(expected.control);
    for (const body of bodies) expect(body).toContain(destination.controls);
  }, 120_000);

  it('replays selected letters to their origin, where the consumer takes them again, and refuses origins no service consumes', async () => {
    const replay = await runDeadLettersCli(broker, ['replay', '--match', destination.replayMarker, ...own()]);
    expect(replay.exitCode).toBe(0);
    expect(replay.head).toContain(
      `replayed ${expected.replayable} of ${expected.replayable + expected.refused} selected, ${expected.refused} refused`,
    );
    expect(replay.head).toContain(`its origin "${UNCONSUMED_ORIGIN}" is not an event type any service consumes`);

    // Still invalid, each comes back through inventory-service to dead letter, marked as a replay.
    const back = await waitFor(
      'the replayed letters back in dead letter',
      async () => {
        const letters = await deadLettersMentioning(system, SERVICE, destination.replayMarker);
        const replays = letters.filter((letter) => letter.replayedFrom !== undefined);
        return replays.length >= expected.replayable && letters;
      },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
    const replays = back.filter((letter) => letter.replayedFrom !== undefined);
    expect(replays).toHaveLength(expected.replayable);
    expect(replays.every((letter) => letter.reason === 'INVALID' && letter.origin === ORDER_CREATED)).toBe(true);
    // The refused ones are still there, untouched.
    expect(back.filter((letter) => letter.origin === UNCONSUMED_ORIGIN)).toHaveLength(expected.refused);
  }, 180_000);

  it('poison on the wire still goes to dead letter at once with its reason, found among thousands by its marker', async () => {
    const poison = `${marker}-poison`;
    const injected = {
      MALFORMED: `{"this is not": "a CloudEvent", "marker": "${poison}"`,
      INVALID: JSON.stringify(
        createEnvelope({
          type: ORDER_CREATED,
          source: '/dead-letter-proof',
          subject: randomUUID(),
          data: { orderId: 'not-a-uuid', customerId: poison, items: [{ sku: 'lower-case', quantity: 0 }] },
        }),
      ),
      UNHANDLED_TYPE: JSON.stringify(
        createEnvelope({ type: 'order.exploded', source: '/dead-letter-proof', subject: poison, data: {} }),
      ),
    };
    for (const body of Object.values(injected)) await raw.publish(ORDER_CREATED, poison, body);

    const parked = await waitFor(
      'the three poison messages in dead letter',
      async () => {
        const letters = await deadLettersMentioning(system, SERVICE, poison);
        return letters.length >= 3 && letters;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(parked.map((letter) => letter.reason).sort()).toEqual(['INVALID', 'MALFORMED', 'UNHANDLED_TYPE']);
    for (const letter of parked) {
      expect(letter.attempts).toBe(1);
      expect(letter.body).toBe(injected[letter.reason as keyof typeof injected]);
    }

    const malformed = parked.find((letter) => letter.reason === 'MALFORMED')!;
    const listed: string[] = [];
    await runDeadLettersCli(broker, ['list', '--json', '--match', poison, ...own()], {
      onLine: (line) => {
        const value: unknown = JSON.parse(line);
        if (isLetterLine(value)) listed.push(value.locator);
      },
    });
    expect(listed).toContain(malformed.locator);
    expect((await runDeadLettersCli(broker, ['replay', malformed.locator, ...own()])).head).toContain(
      'replayed 1 of 1 requested',
    );
    await waitFor(
      'the replayed poison back in dead letter',
      async () =>
        (await deadLettersMentioning(system, SERVICE, poison)).some(
          (letter) => letter.replayedFrom === malformed.locator && letter.reason === 'MALFORMED',
        ),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await expectStillConsuming(system);
  }, 240_000);

  it('purges by marker: a dry run says what would go and removes nothing, then the purge removes it', async () => {
    const purgeArgs = ['--json', '--match', marker, '--service', SERVICE, '--timeout', '120s'];
    // Letters with this run's marker that were dead-lettered before `before` (the consumer may still
    // park a late one, e.g. a redelivered replay, while the purge runs: that one is not the purge's).
    const left = async (before = new Date()) => {
      let letters = 0;
      await runDeadLettersCli(broker, ['list', '--json', '--limit', '100000', '--match', marker, ...own()], {
        onLine: (line) => {
          const value: unknown = JSON.parse(line);
          if (isLetterLine(value) && Date.parse(value.deadLetteredAt) < before.getTime()) letters += 1;
        },
      });
      return letters;
    };
    const purgeStartedAt = new Date();
    const before = await left(purgeStartedAt);
    expect(before).toBeGreaterThanOrEqual(expected.total);

    const dryRun = await purgeSummary(broker, ['purge', '--dry-run', ...purgeArgs]);
    expect(await left(purgeStartedAt)).toBe(before);

    const purge = await purgeSummary(broker, ['purge', ...purgeArgs]);
    expect(purge.outcomes.purged).toBe(dryRun.outcomes['would purge']);
    expect(await left(purgeStartedAt)).toBe(before - purge.outcomes.purged);
    if (broker === 'kafka') {
      // Only a partition's oldest letters can go: all of this run's when nothing older is kept, else
      // those the purge can reach, and the tool says why the rest stays.
      if (purge.outcomes.purged < before) expect(purge.notes).toContain(KAFKA_PURGE_RULE);
    } else {
      expect(purge.outcomes.purged).toBe(before);
    }
  }, 300_000);

  if (broker === 'kafka') {
    it('Kafka purge deletes the selected letters at the start of a partition, up to the first that is not selected', async () => {
      const run = randomUUID().slice(0, 8);
      const topic = `dead-letters-proof-${run}`;
      const config = loadMessagingConfig(`dead-letters-proof-${run}`, { ...process.env, BROKER: 'kafka' });
      const kafka = new Kafka({
        clientId: 'dead-letters-proof',
        brokers: config.kafkaBrokers,
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      const producer = kafka.producer();
      await Promise.all([admin.connect(), producer.connect()]);
      const store = openDeadLetterStore(config, [topic]);
      try {
        await admin.createTopics({ topics: [{ topic: `${topic}.dlt`, numPartitions: 1 }] });
        await untilTopicsHaveLeaders(admin, [`${topic}.dlt`]);
        const bodies = ['old-1', 'old-2', 'keep-3', 'old-4'].map((tag) => `${run}-${tag}`);
        await producer.send({
          topic: `${topic}.dlt`,
          acks: -1,
          messages: bodies.map((value) => ({ value, headers: { 'x-dead-letter-reason': 'MALFORMED' } })),
        });

        const dryRun = store.purge({ match: `${run}-old`, deadlineMs: 30_000 }, { dryRun: true });
        expect((await dryRun.toArray()).map(({ letter, outcome }) => [letter.body, outcome])).toEqual([
          [bodies[0], 'would purge'],
          [bodies[1], 'would purge'],
        ]);
        const purge = store.purge({ match: `${run}-old`, deadlineMs: 30_000 });
        expect((await purge.toArray()).map(({ outcome }) => outcome)).toEqual(['purged', 'purged']);
        expect(purge.summary.notes).toContain(KAFKA_PURGE_RULE);
        const [{ low, high }] = await admin.fetchTopicOffsets(`${topic}.dlt`);
        expect([low, high]).toEqual(['2', '4']);
        const remaining = await store.list({ deadlineMs: 30_000 }).toArray();
        expect(remaining.map((letter) => letter.body)).toEqual([bodies[2], bodies[3]]);
      } finally {
        await store.close();
        await admin.deleteTopics({ topics: [`${topic}.dlt`] }).catch(() => undefined);
        await Promise.all([admin.disconnect(), producer.disconnect()]);
      }
    }, 120_000);
  }
});

function mib(run: DeadLettersCliRun): string {
  return (run.peakRssBytes! / MIB).toFixed(0);
}

/** The summary line of a `--json` purge (its letters' lines go by unkept). */
async function purgeSummary(broker: BrokerName, args: string[]): Promise<PurgeSummary> {
  let summary: PurgeSummary | undefined;
  const run = await runDeadLettersCli(broker, args, {
    onLine: (line) => {
      const value = JSON.parse(line) as { summary?: PurgeSummary };
      if (value.summary) summary = value.summary;
    },
  });
  expect(run.exitCode).toBe(0);
  return summary!;
}

interface PurgeSummary {
  outcomes: { purged: number; 'would purge': number };
  notes: string[];
}
