/** Where a service's data lives: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseLocation = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** `postgres://` and `postgresql://` URLs select PostgreSQL; anything else is a SQLite file path. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '');
  if (!file) throw new Error('DATABASE_URL names no SQLite file');
  return { dialect: 'sqlite', file };
}
