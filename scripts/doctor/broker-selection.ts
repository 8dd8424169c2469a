import { ALL, DEMO, E2E, type Command } from './finding.js';

/** The brokers this repository runs on (scripts/brokers/lib.sh names the same three). */
export const BROKER_NAMES = ['kafka', 'rabbitmq', 'sqs'] as const;
export type BrokerName = (typeof BROKER_NAMES)[number];

export interface BrokerSelection {
  /** The brokers npm test and npm run test:e2e start and run on: E2E_BROKERS, all three by default. */
  tested: BrokerName[];
  /** The broker npm run demo starts and runs on: BROKER, rabbitmq by default. */
  demo: BrokerName;
}

/** As the scripts read them (scripts/test.sh, scripts/test/e2e.sh, npm run demo); an unknown name is refused. */
export function selectBrokers(env: NodeJS.ProcessEnv): BrokerSelection {
  return {
    tested: env.E2E_BROKERS?.trim() ? parse(env.E2E_BROKERS) : [...BROKER_NAMES],
    demo: env.BROKER?.trim() ? parse(env.BROKER)[0]! : 'rabbitmq',
  };
}

/** The commands that run on `broker`, and so need what it needs. */
export function commandsOn(selection: BrokerSelection, broker: BrokerName): Command[] {
  return [...(selection.tested.includes(broker) ? [E2E, ALL] : []), ...(selection.demo === broker ? [DEMO] : [])];
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
