import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { createEnvelope, ORDER_CREATED } from '#events';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { waitFor } from '../support/poll.js';
import type { RawBrokerClient } from '../support/raw-broker-client.js';
import { BROKERS_UNDER_TEST, rawClientFor } from '../support/raw-clients.js';
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

    // `npm run dead-letters` lists them and sends one back; still poison, it is dead-lettered again.
    const malformed = deadLetters.find((letter) => letter.reason === 'MALFORMED')!;
    const listed = await deadLettersCli(broker, 'list', '--json');
    expect(JSON.parse(listed).map((letter: { locator: string }) => letter.locator)).toContain(malformed.locator);
    expect(await deadLettersCli(broker, 'replay', malformed.locator)).toContain('replayed 1 of 1');
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

/** The dead-letter tool exactly as a user runs it (minus the build that `npm run dead-letters` does first). */
async function deadLettersCli(broker: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/dead-letters.ts', ...args], {
    env: { ...process.env, BROKER: broker },
  });
  return stdout;
}
