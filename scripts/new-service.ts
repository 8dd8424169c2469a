/**
 * npm run new:service -- <name> [--consumes <type> ...] [--publishes <type> ...]
 * A new service in apps/<name>-service, shaped and wired like the others (see README, "Make your own
 * service"). Types it publishes that do not exist yet become new contracts in libs/events.
 */
import { register } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newService } from './generators/generate.js';
import { runCommand } from './generators/run-command.js';

// libs/events and the rest are read from their sources, after the generator changed them.
register('./typescript-hooks.js', import.meta.url);

const USAGE = 'usage: npm run new:service -- <name> [--consumes <type> ...] [--publishes <type> ...]';

await runCommand(USAGE, async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      consumes: { type: 'string', multiple: true, default: [] },
      publishes: { type: 'string', multiple: true, default: [] },
    },
  });
  if (positionals.length !== 1) return undefined;
  return newService(resolve(import.meta.dirname, '..'), {
    name: positionals[0],
    consumes: values.consumes,
    publishes: values.publishes,
  });
});
