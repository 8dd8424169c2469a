import { randomUUID } from 'node:crypto';
import { createEnvelope, ORDER_CREATED } from '#events';
import { isLetterLine, runDeadLettersCli } from '../support/dead-letters-cli.js';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { BROKERS_UNDER_TEST, type RawBrokerClient, rawClientFor, waitFor } from '#testing';
import { checkReliability, deadLettersMentioning, reportScenario } from '../support/reliability-oracle.js';

describe.each(BROKERS_UNDER_TEST)('poison on the wire (%s)', (broker) => {
  let run: FaultRun;
  let raw: RawBrokerClient;

  afterEach(async () => {
    await raw?.close();
    await run?.stop();
  }, 60_000);

  it('malformed bytes, a schema-invalid event and an unhandled type go to dead letter at once, with their reason', async () => {
    run = await startFaultRun(broker);
    raw = rawClientFor(broker);
    const load = run.load.run({ count: 600, concurrency: 8 });
    await waitFor('orders to flow', () => run.load.placed.length >= 100);

    const invalidOrderId = randomUUID();
    const injected = {
      MALFORMED: `{"this is not": "a CloudEvent", "marker": "${run.marker}"`,
      INVALID: JSON.stringify(
        createEnvelope({
          type: ORDER_CREATED,
          source: '/fault-test',
          subject: invalidOrderId,
          data: { orderId: 'not-a-uuid', customerId: run.marker, items: [{ sku: 'lower-case', quantity: 0 }] },
        }),
      ),
      UNHANDLED_TYPE: JSON.stringify(
        createEnvelope({ type: 'order.exploded', source: '/fault-test', subject: run.marker, data: {} }),
      ),
    };
    for (const body of Object.values(injected)) await raw.publish(ORDER_CREATED, run.marker, body);
    const orders = await load;

    const deadLetters = await waitFor('the three poison messages in dead letter', async () => {
      const letters = await deadLettersMentioning(run.system, 'inventory-service', run.marker);
      return letters.length >= 3 && letters;
    });
    expect(deadLetters.map((letter) => letter.reason).sort()).toEqual(['INVALID', 'MALFORMED', 'UNHANDLED_TYPE']);
    for (const letter of deadLetters) {
      expect(letter.attempts).toBe(1);
      expect(letter.origin).toBe(ORDER_CREATED);
      expect(letter.consumer).toBe('inventory-service');
      expect(letter.error).not.toBe('');
      expect(letter.body).toBe(injected[letter.reason as keyof typeof injected]);
    }

    // `npm run dead-letters` lists them (this run's, by its marker) and sends one back; still poison,
    // it is dead-lettered again. Its output is streamed, never buffered: the destination may be huge.
    const malformed = deadLetters.find((letter) => letter.reason === 'MALFORMED')!;
    const ownLetters = ['--service', 'inventory-service', '--since', run.system.startedAt.toISOString()];
    const listed: string[] = [];
    const listing = await runDeadLettersCli(broker, ['list', '--json', '--match', run.marker, ...ownLetters], {
      onLine: (line) => {
        const value: unknown = JSON.parse(line);
        if (isLetterLine(value)) listed.push(value.locator);
      },
    });
    expect(listing.exitCode).toBe(0);
    expect(listed).toContain(malformed.locator);
    const replay = await runDeadLettersCli(broker, ['replay', malformed.locator, ...ownLetters]);
    expect(replay.head).toContain('replayed 1 of 1');
    await waitFor('the replayed message back in dead letter', async () => {
      const letters = await deadLettersMentioning(run.system, 'inventory-service', run.marker);
      return letters.some((letter) => letter.replayedFrom === malformed.locator && letter.reason === 'MALFORMED');
    });

    // The consumer neither crashed nor froze: every real order still settled exactly once.
    const report = await checkReliability(run.system, orders, run.stock);
    reportScenario(broker, 'malformed, schema-invalid and unhandled-type messages', report, deadLetters.length);
    expect(report).toMatchObject({ orders: 600, lost: 0, appliedTwice: 0 });
  }, 300_000);
});
