/**
 * The part of Docker Compose's variable interpolation that docker-compose.yml uses: `${NAME}`,
 * `${NAME:-default}` (unset or empty), `${NAME-default}` (unset) and `$$` for a literal `$`.
 * Any other use of `$` is refused, as Compose would refuse or misread it.
 */
const REFERENCE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}$]*))?\}|())/g;

export interface VariableReference {
  name: string;
  /** The default after `:-` or `-`, if any. */
  fallback?: string;
}

export function variableReferences(value: string): VariableReference[] {
  const references: VariableReference[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    const [, literal, name, operator, fallback] = match;
    if (literal) continue;
    if (!name) throw new Error(`a "$" that Compose cannot interpolate (write "$$" for a literal one): ${value}`);
    references.push(operator ? { name, fallback } : { name });
  }
  return references;
}

export function interpolate(value: string, env: Record<string, string | undefined>): string {
  variableReferences(value); // refuses what Compose would
  return value.replace(REFERENCE, (_whole, literal, name, operator, fallback) => {
    if (literal) return '$';
    const set = env[name];
    if (operator === ':-') return set ? set : fallback;
    if (operator === '-') return set ?? fallback;
    return set ?? '';
  });
}

/** Every string in a parsed compose document, interpolated; the shape stays as it is. */
export function interpolateDocument<T>(document: T, env: Record<string, string | undefined>): T {
  if (typeof document === 'string') return interpolate(document, env) as T;
  if (Array.isArray(document)) return document.map((item) => interpolateDocument(item, env)) as T;
  if (document && typeof document === 'object') {
    return Object.fromEntries(
      Object.entries(document).map(([key, value]) => [key, interpolateDocument(value, env)]),
    ) as T;
  }
  return document;
}

/** Every string anywhere in a parsed document, with the path to it. */
export function stringsIn(document: unknown, path = ''): Array<{ path: string; value: string }> {
  if (typeof document === 'string') return [{ path, value: document }];
  if (Array.isArray(document)) return document.flatMap((item, index) => stringsIn(item, `${path}[${index}]`));
  if (document && typeof document === 'object') {
    return Object.entries(document).flatMap(([key, value]) => stringsIn(value, path ? `${path}.${key}` : key));
  }
  return [];
}
