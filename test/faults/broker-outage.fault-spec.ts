import { brokerControlFor, BROKERS_UNDER_TEST, waitFor } from '#testing';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { checkReliability, deadLettersMentioning, reportScenario } from '../support/reliability-oracle.js';

const OUTAGE_MS = 8_000;
const HANG_MS = 15_000;

describe.each(BROKERS_UNDER_TEST)('the broker fails under load (%s)', (broker) => {
  const control = brokerControlFor(broker);
  let run: FaultRun;

  afterEach(async () => {
    await run?.stop();
  }, 60_000);

  it('stopped and started mid-stream: nothing lost, nothing applied twice, no restart needed', async () => {
    run = await startFaultRun(broker);
    const load = run.load.run({ count: 3_000, concurrency: 16 });

    await waitFor('a third of the orders to be placed', () => run.load.placed.length >= 1_000, { timeoutMs: 60_000 });
    await control.stop();
    try {
      // POST /orders keeps answering 201 while the broker is gone: orders wait in the outbox.
      const [placedBefore, stoppedAt] = [run.load.placed.length, Date.now()];
      await waitFor(
        'an outage of 8 s with orders accepted during it',
        () => run.load.placed.length >= placedBefore + 200 && Date.now() - stoppedAt >= OUTAGE_MS,
        { timeoutMs: 60_000 },
      );
    } finally {
      await control.start();
    }
    const orders = await load;

    const report = await checkReliability(run.system, orders, run.stock);
    const deadLetters = await deadLettersMentioning(run.system, 'inventory-service', run.marker);
    reportScenario(broker, 'broker stopped and started', report, deadLetters.length);
    expect(run.load.failed).toBe(0);
    expect(report).toMatchObject({ orders: 3_000, lost: 0, appliedTwice: 0 });
    expect(deadLetters).toEqual([]);
  }, 300_000);

  it('hung (SIGSTOP, then SIGCONT) mid-stream: the services wait it out', async () => {
    run = await startFaultRun(broker);
    const load = run.load.run({ count: 1_500, concurrency: 16 });

    await waitFor('a third of the orders to be placed', () => run.load.placed.length >= 500, { timeoutMs: 60_000 });
    await control.hang();
    const [placedBefore, hungAt] = [run.load.placed.length, Date.now()];
    try {
      // Longer than the clients' heartbeat and request timeouts, so they notice and must recover.
      await waitFor(
        'a hang of 15 s with orders accepted during it',
        () => run.load.placed.length >= placedBefore + 200 && Date.now() - hungAt >= HANG_MS,
        { timeoutMs: 60_000 },
      );
    } finally {
      await control.resume();
    }
    const orders = await load;

    const report = await checkReliability(run.system, orders, run.stock);
    const deadLetters = await deadLettersMentioning(run.system, 'inventory-service', run.marker);
    reportScenario(broker, 'broker hung and resumed', report, deadLetters.length);
    expect(report).toMatchObject({ orders: 1_500, lost: 0, appliedTwice: 0 });
    expect(deadLetters).toEqual([]);
  }, 300_000);
});
