import { parseArgs } from 'node:util';
import type { BenchBroker, BenchDatabase } from '../bench-result.js';
import { formatProfileSummary } from './cpu-profiles.js';
import { formatFullFlowTable } from './full-flow-table.js';
import { measureFullFlow } from './index.js';

/**
 * The full-flow layer on its own:
 * npx tsx bench/full-flow/cli.ts --broker rabbitmq --database sqlite [--quick] [--profile] [--rates 250,500] [--seconds 20]
 *   [--inventory-instances 3] [--log-level log]
 * (after `npm run build`; hold the broker lock). Prints the result as JSON, then as a table.
 */
const { values } = parseArgs({
  options: {
    broker: { type: 'string', default: 'rabbitmq' },
    database: { type: 'string', default: 'sqlite' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    rates: { type: 'string' },
    seconds: { type: 'string' },
    'inventory-instances': { type: 'string', default: '1' },
    'log-level': { type: 'string' },
  },
});

const BROKERS: BenchBroker[] = ['kafka', 'rabbitmq', 'sqs'];
const DATABASES: BenchDatabase[] = ['sqlite', 'postgres'];
if (!BROKERS.includes(values.broker as BenchBroker)) throw new Error(`--broker must be one of ${BROKERS.join(', ')}`);
if (!DATABASES.includes(values.database as BenchDatabase))
  throw new Error(`--database must be one of ${DATABASES.join(', ')}`);
const rates = values.rates?.split(',').map(Number);
if (rates?.some((rate) => !(rate > 0))) throw new Error('--rates must be positive numbers, e.g. 250,500');
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
if (seconds !== undefined && !(seconds > 0)) throw new Error('--seconds must be a positive number');
const inventoryInstances = Number(values['inventory-instances']);
if (!Number.isInteger(inventoryInstances) || inventoryInstances < 1)
  throw new Error('--inventory-instances must be a whole number from 1');

const run = await measureFullFlow({
  broker: values.broker as BenchBroker,
  database: values.database as BenchDatabase,
  quick: values.quick,
  profile: values.profile,
  rates,
  durationSeconds: seconds,
  inventoryInstances,
  // The services' own default (log) when asked for, instead of the bench's warn.
  env: values['log-level'] === undefined ? undefined : { LOG_LEVEL: values['log-level'] },
  progress: (line) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
});
console.log(JSON.stringify(run, null, 2));
console.log(`\n${formatFullFlowTable(run)}`);
for (const summary of run.profileSummaries) console.log(`\n${formatProfileSummary(summary)}`);
