import { ConfigurationError, parseUrl } from '#config';

/** Where a service's data lives: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseLocation = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/**
 * `postgres://` and `postgresql://` URLs select PostgreSQL; `sqlite:`/`file:` URLs and plain paths a SQLite
 * file. Any other `scheme://` is refused rather than taken for a file name.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const parsed = parseUrl('DATABASE_URL', url, ['postgres:', 'postgresql:']);
    if (parsed.pathname.length <= 1) throw new ConfigurationError('DATABASE_URL names no PostgreSQL database');
    return { dialect: 'postgres', url };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^(sqlite|file):/i.test(url)) {
    throw new ConfigurationError(
      `DATABASE_URL must be a postgres:// URL or a SQLite file path; got a ${url.split(':')[0]}: URL`,
    );
  }
  const file = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  if (!file) throw new ConfigurationError('DATABASE_URL names no SQLite file');
  return { dialect: 'sqlite', file };
}
