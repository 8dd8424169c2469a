/** The brokers this repository runs on (scripts/brokers/lib.sh names the same three). */
export const BROKER_NAMES = ['kafka', 'rabbitmq', 'sqs'] as const;
export type BrokerName = (typeof BROKER_NAMES)[number];

export interface BrokerSelection {
  /** The brokers brokers:up starts and the broker-dependent suites run on. */
  brokers: BrokerName[];
  /** The one broker npm run demo uses (BROKER, rabbitmq by default). */
  demo: BrokerName;
}

/**
 * As brokers:up picks them: BROKERS (a comma list) wins, else BROKER, else E2E_BROKERS, else all three.
 * An unknown name is refused, as brokers:up refuses it.
 */
export function selectBrokers(env: NodeJS.ProcessEnv): BrokerSelection {
  const setting = [env.BROKERS, env.BROKER, env.E2E_BROKERS].find((value) => value?.trim());
  return {
    brokers: setting ? parse(setting) : [...BROKER_NAMES],
    demo: env.BROKER?.trim() ? parse(env.BROKER)[0]! : 'rabbitmq',
  };
}

function parse(list: string): BrokerName[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(BROKER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown broker '${unknown.join("', '")}' (known: ${BROKER_NAMES.join(', ')})`);
  return names as BrokerName[];
}
