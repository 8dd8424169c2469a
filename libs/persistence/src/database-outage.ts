/** Error codes that mean "the database cannot be reached right now", not "this statement is wrong". */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'SQLITE_BUSY']);

/**
 * True for a database outage: connection refused or lost, the server shutting down or starting up
 * (SQLSTATE class 08 and 57P0x). Event handlers retry these for as long as they last.
 */
export function isDatabaseOutage(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^08|^57P0[1-3]$/.test(code))) return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)
  );
}
