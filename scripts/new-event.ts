/**
 * npm run new:event -- <type> --publisher <service> [--consumer <service> ...]
 * One more event between existing services: its contract, its topology and documents, and in each
 * consumer a thin controller and a use case to fill in (see README, "Adding an event").
 */
import { register } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newEvent } from './generators/generate.js';
import { runCommand } from './generators/run-command.js';

// libs/events and the rest are read from their sources, after the generator changed them.
register('./typescript-hooks.js', import.meta.url);

const USAGE = 'usage: npm run new:event -- <type> --publisher <service> [--consumer <service> ...]';

await runCommand(USAGE, async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      publisher: { type: 'string' },
      consumer: { type: 'string', multiple: true, default: [] },
    },
  });
  if (positionals.length !== 1 || !values.publisher) return undefined;
  return newEvent(resolve(import.meta.dirname, '..'), {
    type: positionals[0],
    publisher: values.publisher,
    consumers: values.consumer,
  });
});
