import { parseArgs } from 'node:util';
import type { BenchBroker, BenchDatabase } from './bench-result.js';

export const LAYERS = ['ceiling', 'raw', 'path', 'flow', 'obs', 'scale', 'cold'] as const;
export type BenchLayer = (typeof LAYERS)[number];
const BROKERS: readonly BenchBroker[] = ['kafka', 'rabbitmq', 'sqs'];
const DATABASES: readonly BenchDatabase[] = ['sqlite', 'postgres'];

export interface BenchOptions {
  brokers: BenchBroker[];
  layers: BenchLayer[];
  databases: BenchDatabase[];
  quick: boolean;
  profile: boolean;
  /** Where <broker>.json and chart.svg go (default bench/results). */
  resultsDir: string | null;
  /** Regenerate docs/performance.md's table from bench/results; off by default, so a run leaves the docs alone. */
  updateReadme: boolean;
  /** Events per throughput layer. */
  events: number;
  /** Runs of the full flow per database (alternating databases), and of the cold start. */
  repeat: number;
}

export const USAGE = `usage: npm run bench -- [options]
  --broker kafka,rabbitmq,sqs     brokers to measure, in turn (default: all three)
  --layers ceiling,raw,path,flow,obs,scale,cold  layers to run (default: all; obs: observability on vs
                                  off; scale: full flow on PostgreSQL, 1 vs 3 inventory-service instances;
                                  cold: fresh services on SQLite, 300 orders/s for 5 s from the moment they
                                  are ready, --repeat times; --quick: 3 s, one run by default)
  --database sqlite,postgres      databases of the full flow (default: both; scale: PostgreSQL always)
  --quick                         a short run (fewer events, shorter steps)
  --profile                       CPU profiles of both services during the full flow
  --results-dir <dir>             write the results there instead of bench/results
  --update-readme                 also regenerate the table in docs/performance.md from bench/results
                                  (without it the docs are never touched)
  --events <n>                    events per throughput layer (default 20000, quick 2000)
  --repeat <n>                    runs of the full flow per database, the databases alternating
                                  (sqlite, postgres, sqlite, ...), and of the cold start; the docs
                                  shows their median and range (default 3, quick 1)
  -h, --help                      this help
examples:
  npm run bench -- --quick --broker rabbitmq
  npm run bench -- --broker kafka --layers scale
  npm run bench -- --broker rabbitmq --layers cold --repeat 5
  npm run bench -- --update-readme                # the full run whose numbers the docs show`;

function list<T extends string>(option: string, raw: string | undefined, known: readonly T[]): T[] {
  if (raw === undefined) return [...known];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--${option}: unknown ${unknown.join(', ') || '(empty)'}; known: ${known.join(', ')}`);
  }
  return [...new Set(names)] as T[];
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      broker: { type: 'string' },
      layers: { type: 'string' },
      database: { type: 'string' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'results-dir': { type: 'string' },
      'update-readme': { type: 'boolean', default: false },
      events: { type: 'string' },
      repeat: { type: 'string' },
    },
    strict: true,
  });
  const events = values.events === undefined ? (values.quick ? 2_000 : 20_000) : Number(values.events);
  if (!Number.isInteger(events) || events < 10) throw new Error('--events: a whole number of at least 10');
  const repeat = values.repeat === undefined ? (values.quick ? 1 : 3) : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat: a whole number of at least 1');
  if (values['update-readme'] && values['results-dir'] !== undefined) {
    throw new Error('--update-readme: docs/performance.md shows bench/results, so it cannot go with --results-dir');
  }
  return {
    brokers: list('broker', values.broker, BROKERS),
    layers: list('layers', values.layers, LAYERS),
    databases: list('database', values.database, DATABASES),
    quick: values.quick,
    profile: values.profile,
    resultsDir: values['results-dir'] ?? null,
    updateReadme: values['update-readme'],
    events,
    repeat,
  };
}
