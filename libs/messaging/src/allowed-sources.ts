import { EVENT_TYPES } from '#events';
import { ConfigurationError } from '#config';

/** Which sources may publish each event type; a type that is not listed may come from any source. */
export type AllowedSources = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Reads MESSAGING_ALLOWED_SOURCES: `type=source[,source...]` entries separated by `;`, e.g.
 * `order.created=/order-service;inventory.reserved=/inventory-service`. Empty or unset: any source.
 * Throws with a message naming the entry that is wrong.
 */
export function parseAllowedSources(raw: string | undefined): AllowedSources {
  const allowed = new Map<string, Set<string>>();
  for (const entry of (raw ?? '').split(';').map((part) => part.trim())) {
    if (entry === '') continue;
    const equals = entry.indexOf('=');
    const type = entry.slice(0, equals).trim();
    const sources = entry
      .slice(equals + 1)
      .split(',')
      .map((source) => source.trim());
    const problem =
      equals < 1
        ? 'expected type=source[,source...]'
        : !(EVENT_TYPES as string[]).includes(type)
          ? `unknown event type; known: ${EVENT_TYPES.join(', ')}`
          : allowed.has(type)
            ? 'the type is listed twice'
            : sources.some((source) => source === '' || source.length > 256 || /\p{Cc}/u.test(source))
              ? 'every source must be 1 to 256 characters without control characters'
              : undefined;
    if (problem) throw new ConfigurationError(`MESSAGING_ALLOWED_SOURCES entry "${entry}": ${problem}`);
    allowed.set(type, new Set(sources));
  }
  return allowed;
}

/** Undefined when `source` may publish `type`, otherwise why not. */
export function untrustedSource(allowed: AllowedSources, type: string, source: string): string | undefined {
  const sources = allowed.get(type);
  if (!sources || sources.has(source)) return undefined;
  return `source ${JSON.stringify(source)} may not publish ${type}; allowed: ${[...sources].join(', ')}`;
}
