import { brokerControlFor, describeOn } from '#testing';
import type { FaultRun } from '../support/fault-fixture.js';
import { singleNodeUnderNemesis } from '../support/nemesis/nemesis-faults.js';
import { nemesisSettings, nemesisTimeoutMs, runNemesis, startNemesisRun } from '../support/nemesis/nemesis-run.js';

/** A minute of faults in CI (NEMESIS_DURATION_MS for longer runs by hand; NEMESIS_SEED replays one). */
const NEMESIS = nemesisSettings(60_000);

/**
 * Kafka and RabbitMQ meet their nemesis on three-node clusters (test/cluster). SNS/SQS here is one
 * emulator keeping everything in memory: killing it loses every queue and message by design, which no
 * AWS outage does, and it has no peers to be cut off from. So its nemesis freezes it (SIGSTOP, SIGCONT),
 * and kills service instances and restarts PostgreSQL around that.
 */
describeOn('sqs', 'a nemesis on the SNS/SQS emulator', () => {
  let run: FaultRun | undefined;

  afterEach(async () => {
    await run?.stop();
    run = undefined;
  }, 60_000);

  it(
    'for a set time, faults drawn from a seed overlap under a steady load (the emulator frozen, a service instance killed, PostgreSQL restarted): every accepted order settles, nothing applied twice or parked, every instance ready',
    async () => {
      run = await startNemesisRun('sqs', {}, NEMESIS);
      const report = await runNemesis(singleNodeUnderNemesis('sqs', brokerControlFor('sqs')), run, NEMESIS);
      expect(report).toMatchObject({ lost: 0, appliedTwice: 0, oversold: 0, parked: 0, notAccepted: 0 });
    },
    nemesisTimeoutMs(NEMESIS),
  );
});
