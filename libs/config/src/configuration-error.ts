/** A setting the service cannot start with; the message names the variable. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Values are shown to help, but never a URL's password, and a long one (a pasted key) is cut. */
function shown(raw: string): string {
  const printable = raw.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@').replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}

/** Stops with "NAME must be <expected>; got "<raw>"", the shape of every refusal at start. */
export function refuse(name: string, expected: string, raw?: string): never {
  throw new ConfigurationError(`${name} must be ${expected}${raw === undefined ? '' : `; got "${shown(raw)}"`}`);
}
