/**
 * npm run dead-letters -- parked [list] [--service <name>] [--limit n] [--json]
 * npm run dead-letters -- parked retry <outbox row id>... | --all  [--service <name>]
 * The outbox rows a service's relay parked after OUTBOX_MAX_ATTEMPTS failed publishes, read from that
 * service's database (DATABASE_URL, or its default SQLite file, exactly as the service reads it).
 * `retry` puts them back in the relay's queue with fresh attempts; the running service sends them.
 */
import { parseArgs } from 'node:util';
import { PUBLICATIONS } from '#events';
import { jsonLine, printable } from '#messaging/operator';
import { listParkedOutboxRows, unparkAllOutboxRows, unparkOutboxRows, type OutboxTables } from '#outbox';
import { createDatabase, parseDatabaseUrl } from '#persistence';

export const PARKED_USAGE = `usage: npm run dead-letters -- parked [list | retry <ids...> | retry --all] [options]
  --service <name>          ${Object.keys(PUBLICATIONS).join(' | ')} (default: order-service)
  --limit <n>               list at most n rows (default 50)
  --json                    one JSON object per line
  the database is the service's own: DATABASE_URL, or .data/<service>.sqlite when unset`;

export async function runParkedOutbox(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      service: { type: 'string', default: 'order-service' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(PARKED_USAGE);
    return;
  }
  const [command = 'list', ...ids] = positionals;
  const limit = Number(values.limit);
  if (!(values.service in PUBLICATIONS) || !['list', 'retry'].includes(command) || !Number.isInteger(limit)) {
    throw new Error(PARKED_USAGE);
  }
  if (command === 'retry' && ids.length === 0 && !values.all) {
    throw new Error(`name the outbox row ids to retry, or --all\n${PARKED_USAGE}`);
  }
  const databaseUrl = process.env.DATABASE_URL?.trim() || `.data/${values.service}.sqlite`;
  const db = createDatabase<OutboxTables>(parseDatabaseUrl(databaseUrl));
  try {
    if (command === 'retry') {
      const retried = values.all ? await unparkAllOutboxRows(db) : await unparkOutboxRows(db, ids);
      console.log(`${retried} parked outbox row(s) of ${values.service} back in the relay's queue`);
      return;
    }
    const rows = await listParkedOutboxRows(db, { limit });
    if (values.json) {
      for (const row of rows) console.log(jsonLine(row));
      return;
    }
    console.log(
      `${rows.length} parked outbox row(s) of ${values.service}${rows.length === limit ? ' (--limit reached)' : ''}`,
    );
    for (const row of rows) {
      console.log(
        `- ${printable(row.id)}  ${printable(row.type)} for ${printable(row.subject)}, parked ${row.parkedAt} after ${row.attempts} attempt(s)`,
      );
      console.log(`    ${printable(row.lastError ?? '')}`);
    }
  } finally {
    await db.destroy();
  }
}
