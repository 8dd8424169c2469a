/**
 * npm run new:event -- <type> --publisher <service> [--consumer <service> ...] [--dry-run]
 * One more event between existing services: its contract, its topology and documents, and in each
 * consumer a thin controller and a use case to fill in (see docs/making-a-service.md, "Adding an event").
 */
import { register } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newEvent } from './generators/generate.js';
import { runCommand } from './generators/run-command.js';

// libs/events and the rest are read from their sources, after the generator changed them.
register('./typescript-hooks.js', import.meta.url);

const ROOT = resolve(import.meta.dirname, '..');

const HELP = `usage: npm run new:event -- <type> --publisher <service> [options]
  <type>                    the new event type: lower-case words separated by dots, at least two (order.shipped)
options:
  --publisher <service>     the existing service that publishes it (required)
  --consumer <service>      an existing service that consumes it (repeatable); each gets a thin
                            controller and a use case to fill in
  --dry-run                 print the files it would create and change; write nothing
  -h, --help                this help
examples:
  npm run new:event -- order.shipped --publisher inventory-service --consumer order-service
  npm run new:event -- stock.counted --publisher inventory-service --dry-run`;

await runCommand({
  root: ROOT,
  script: import.meta.filename,
  help: HELP,
  parse: (args) => {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        publisher: { type: 'string' },
        consumer: { type: 'string', multiple: true, default: [] },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) return 'help';
    if (positionals.length !== 1 || !values.publisher) return undefined;
    const publisher = values.publisher;
    return {
      dryRun: values['dry-run'],
      generate: () => newEvent(ROOT, { type: positionals[0]!, publisher, consumers: values.consumer }),
    };
  },
});
