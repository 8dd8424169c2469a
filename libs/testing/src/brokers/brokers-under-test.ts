import { BROKERS, type BrokerName } from '#messaging';

/**
 * Brokers the broker-dependent suites run on: all by default, or E2E_BROKERS=kafka (or rabbitmq,sqs)
 * to narrow a local run. A name that is not a broker is refused, never silently ignored.
 */
export const BROKERS_UNDER_TEST: readonly BrokerName[] = brokersUnderTest(process.env.E2E_BROKERS);

export function brokersUnderTest(setting: string | undefined): BrokerName[] {
  const names = (setting?.trim() ? setting : BROKERS.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(BROKERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`E2E_BROKERS names ${unknown.join(', ')}: the brokers are ${BROKERS.join(', ')}`);
  }
  return names as BrokerName[];
}

/**
 * `describe` for a suite that needs one broker. When that broker is not under test the suite is
 * skipped, and its name says so and why, so a narrowed run never passes for a whole one.
 */
export function describeOn(broker: BrokerName, name: string, suite: () => void): void {
  if (BROKERS_UNDER_TEST.includes(broker)) describe(name, suite);
  else describe.skip(`${name} (SKIPPED: ${broker} is not in E2E_BROKERS=${BROKERS_UNDER_TEST.join(',')})`, suite);
}

/**
 * `describe` for suites that need no broker, in a project of broker suites. `npm test` runs the
 * brokers in lanes side by side, each with its own E2E_BROKERS, and only one lane runs these (the
 * others set BROKER_FREE_SUITES=skip, and report them as skipped), so that they run once.
 * A function: this module is also imported outside Jest, where there is no `describe`.
 */
export function describeWithoutBroker(): jest.Describe {
  return process.env.BROKER_FREE_SUITES === 'skip' ? describe.skip : describe;
}
