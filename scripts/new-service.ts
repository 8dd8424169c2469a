/**
 * npm run new:service -- <name> [--consumes <type> ...] [--publishes <type> ...] [--dry-run]
 * A new service in apps/<name>-service, shaped and wired like the others (see
 * docs/making-a-service.md). Types it publishes that do not exist yet become new contracts in libs/events.
 */
import { register } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newService } from './generators/generate.js';
import { runCommand } from './generators/run-command.js';

// libs/events and the rest are read from their sources, after the generator changed them.
register('./typescript-hooks.js', import.meta.url);

const ROOT = resolve(import.meta.dirname, '..');

const HELP = `usage: npm run new:service -- <name> [options]
  <name>                    the service's name; "shipping" makes apps/shipping-service
options:
  --consumes <type>         an existing event type it consumes (repeatable)
  --publishes <type>        an event type it publishes: one nobody publishes yet, or a new one, whose
                            contract is added to libs/events (repeatable)
  --dry-run                 print the files it would create and change; write nothing
  -h, --help                this help
examples:
  npm run new:service -- shipping --consumes inventory.reserved --publishes shipment.scheduled
  npm run new:service -- billing --consumes order.created --dry-run`;

await runCommand({
  root: ROOT,
  script: import.meta.filename,
  help: HELP,
  parse: (args) => {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        consumes: { type: 'string', multiple: true, default: [] },
        publishes: { type: 'string', multiple: true, default: [] },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) return 'help';
    if (positionals.length !== 1) return undefined;
    return {
      dryRun: values['dry-run'],
      generate: () =>
        newService(ROOT, { name: positionals[0]!, consumes: values.consumes, publishes: values.publishes }),
    };
  },
});
