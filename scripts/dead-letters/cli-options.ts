import { parseArgs } from 'node:util';
import { SUBSCRIPTIONS, type ConsumingService } from '#events';
import type { DeadLetterQuery } from '#messaging/operator';

export const COMMANDS = ['list', 'replay', 'purge'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliOptions {
  command: Command;
  services: ConsumingService[];
  /** Event ids or locators named on the command line (replay). */
  ids: string[];
  query: DeadLetterQuery;
  /** Whether the query selects by anything at all (ids or a filter). */
  filtered: boolean;
  json: boolean;
  dryRun: boolean;
  timeoutMs: number;
}

export const USAGE = `usage: npm run dead-letters -- <command> [options]
  list                      list dead letters (newest state of the destination, oldest first)
  replay [ids...]           send letters back to where they were consumed from (by id/locator or by filter)
  purge                     remove the selected letters (--dry-run shows what would go; --all for no filter)
  parked [list|retry]       the outbox rows a service parked (npm run dead-letters -- parked --help)
options:
  --service <name>          ${Object.keys(SUBSCRIPTIONS).join(' | ')} (repeatable; default: every service)
  --limit <n>               at most n letters (list: 50 by default; replay/purge: all selected)
  --type <event type>       --reason <MALFORMED|INVALID|UNHANDLED_TYPE|HANDLER_FAILED|REJECTED_BY_BROKER>
  --since <time>            --until <time>    ISO 8601 time, or a duration ago: 30m, 12h, 7d
  --match <text>            text in the event id, locator, body or error
  --full                    whole bodies (default: the first 512 bytes and the body's size)
  --json                    one JSON object per line (letters, then a {"summary": ...} line per service)
  --dry-run                 purge: say what would be removed, remove nothing
  --timeout <duration>      time budget of the whole command (default 30s); exit code 3 when it cut a walk short
  --help                    this help
BROKER and the brokers' variables say where to look, as for the services.
examples:
  npm run dead-letters -- list --service inventory-service --since 1h
  npm run dead-letters -- replay --reason HANDLER_FAILED --type order.created
  npm run dead-letters -- purge --match 94f93937 --dry-run
  npm run dead-letters -- parked list --service order-service`;

const DEFAULT_LIST_LIMIT = 50;
const DEFAULT_TIMEOUT_MS = 30_000;
const SHOWN_BODY_BYTES = 512;
const UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Reads the command line, or throws a UsageError that says what is wrong. */
export function readCliOptions(args: string[], now = Date.now()): CliOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      service: { type: 'string', multiple: true },
      limit: { type: 'string' },
      type: { type: 'string' },
      reason: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      match: { type: 'string' },
      full: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
  });
  const [command, ...ids] = positionals;
  if (!COMMANDS.includes(command as Command)) throw new UsageError(`unknown command "${command ?? ''}"`);
  if (ids.length > 0 && command !== 'replay') throw new UsageError(`${command} takes no ids; use --match`);
  const services = (values.service ?? Object.keys(SUBSCRIPTIONS)).flatMap((name) => name.split(','));
  for (const service of services) {
    if (!(service in SUBSCRIPTIONS)) throw new UsageError(`unknown service "${service}"`);
  }
  const query: DeadLetterQuery = {
    limit: values.limit === undefined ? (command === 'list' ? DEFAULT_LIST_LIMIT : undefined) : count(values.limit),
    type: values.type,
    reason: values.reason,
    since: values.since === undefined ? undefined : time('--since', values.since, now),
    until: values.until === undefined ? undefined : time('--until', values.until, now),
    match: values.match,
    ids: ids.length > 0 ? ids : undefined,
    bodyBytes: values.full ? Number.POSITIVE_INFINITY : SHOWN_BODY_BYTES,
  };
  const filtered = [query.type, query.reason, query.since, query.until, query.match, query.ids].some(
    (value) => value !== undefined,
  );
  if (command === 'replay' && !filtered) throw new UsageError('replay needs event ids, locators or a filter');
  if (command === 'purge' && !filtered && !values.all) {
    throw new UsageError('purge without a filter removes every dead letter: add a filter, or --all to mean it');
  }
  if (values['dry-run'] && command !== 'purge') throw new UsageError('--dry-run is for purge');
  return {
    command: command as Command,
    services: [...new Set(services)] as ConsumingService[],
    ids,
    query,
    filtered,
    json: values.json,
    dryRun: values['dry-run'],
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_MS : duration('--timeout', values.timeout, 's'),
  };
}

export class UsageError extends Error {}

function count(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--limit must be a whole number >= 1; got "${text}"`);
  return value;
}

/** `30s`, `1500ms`, `5m`, `12h`, `7d`; a bare number is in `defaultUnit`. */
function duration(option: string, text: string, defaultUnit?: string): number {
  const found = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  const unit = found?.[2] ?? defaultUnit;
  if (!found || !unit) throw new UsageError(`${option} must be a duration such as 30s, 5m, 12h or 7d; got "${text}"`);
  return Number(found[1]) * UNITS_MS[unit]!;
}

/** An ISO 8601 time, or a duration ago. */
function time(option: string, text: string, now: number): Date {
  if (/^\d+(\.\d+)?(ms|s|m|h|d)$/.test(text.trim())) return new Date(now - duration(option, text));
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new UsageError(`${option} must be an ISO 8601 time or a duration ago (7d); got "${text}"`);
  return new Date(at);
}
