/**
 * npm run dead-letters -- list | replay [ids...] | purge   [--service ...] [filters] [--json] [--timeout 30s]
 * npm run dead-letters -- parked [list | retry <ids...> | retry --all]   (parked outbox rows)
 * Lists, replays and purges the dead letters of the services on the configured BROKER, streaming
 * (one letter at a time, bodies truncated unless --full) within a time budget. `--help` says more.
 * Exit codes: 0 done, 1 failed, 2 wrong usage, 3 the time budget cut a walk short.
 */
import { SUBSCRIPTIONS } from '#events';
import { loadMessagingConfig } from '#messaging';
import { openDeadLetterStore, type DeadLetterStore, type DeadLetterWalk } from '#messaging/operator';
import type { HandledDeadLetter } from '#messaging/operator';
import { readCliOptions, USAGE, UsageError, type CliOptions, type Command } from './dead-letters/cli-options.js';
import { PARKED_USAGE, runParkedOutbox } from './dead-letters/parked-outbox.js';
import { WalkReport } from './dead-letters/walk-report.js';

/**
 * One walk per command over one service's store. Another source (the parked outbox rows of
 * libs/outbox, e.g. behind `--parked`) joins as another table of the same shape.
 */
const WALKS: Record<Command, (store: DeadLetterStore, options: CliOptions) => DeadLetterWalk<HandledDeadLetter>> = {
  list: (store, { query }) => store.list(query).map((letter) => ({ letter, outcome: 'listed' })),
  replay: (store, { query }) => store.replay(query),
  purge: (store, { query, dryRun }) => store.purge(query, { dryRun }),
};

// Parked outbox rows live in a service's database, not on the broker: a command of their own.
if (process.argv[2] === 'parked') {
  try {
    await runParkedOutbox(process.argv.slice(3));
    process.exit(0);
  } catch (error) {
    console.error((error as Error).message);
    process.exit((error as Error).message.includes(PARKED_USAGE) ? 2 : 1);
  }
}

let options: CliOptions;
try {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  options = readCliOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
}

const report = new WalkReport(options);
const endsAt = Date.now() + options.timeoutMs;
let cutShort = false;
let replayed = 0;
let listed = 0;
try {
  await walkEveryService();
} catch (error) {
  console.error(`dead-letters ${options.command} failed: ${(error as Error).message}`);
  process.exit(1);
}
if (options.command === 'replay' && options.ids.length > 0) report.requested(replayed);
if (cutShort) {
  console.error(`the time budget (--timeout ${options.timeoutMs / 1000}s) ran out before every letter was examined`);
  process.exitCode = 3;
}

async function walkEveryService(): Promise<void> {
  for (const service of options.services) {
    const config = loadMessagingConfig(service);
    const store = openDeadLetterStore(config, SUBSCRIPTIONS[service]);
    const scope = { service, broker: config.broker };
    try {
      // One budget and one --limit for the whole command, shared by the services in turn.
      const limit = options.command === 'list' ? (options.query.limit ?? Infinity) - listed : options.query.limit;
      const walk = WALKS[options.command](store, {
        ...options,
        query: { ...options.query, limit, deadlineMs: Math.max(0, endsAt - Date.now()) },
      });
      report.start(scope, store.destination);
      for await (const handled of walk) {
        report.letter(scope, handled);
        await report.flushed();
      }
      report.finish(scope, walk.summary);
      replayed += walk.summary.outcomes.replayed;
      listed += walk.summary.outcomes.listed;
      cutShort ||= walk.summary.stoppedBy === 'deadline';
      if (options.command === 'list' && walk.summary.stoppedBy === 'limit') break;
    } finally {
      await store.close();
    }
  }
}
