/**
 * Small readers for environment variables, shared by every config loader (messaging, persistence,
 * runtime, HTTP). Each returns a typed value or throws a ConfigurationError that names the variable,
 * says what it accepts and shows what it got. An unset or empty variable takes its default.
 */
import { refuse } from './configuration-error.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The raw value, trimmed; undefined when unset or blank. */
export function readRaw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export interface IntegerBounds {
  min?: number;
  max?: number;
}

/** A decimal integer (no signs, exponents or hex), within bounds. */
export function readInteger(env: Env, name: string, fallback: number, { min = 0, max }: IntegerBounds = {}): number {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
    refuse(name, max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`, raw);
  }
  return value;
}

/** A positive integer; kept under this name for the loaders that already call it. */
export function positiveInteger(env: Env, name: string, fallback: number, max?: number): number {
  return readInteger(env, name, fallback, { min: 1, max });
}

/** A decimal number (e.g. hours: `0.5`), within bounds. */
export function readNumber(env: Env, name: string, fallback: number, { min = 0, max }: IntegerBounds = {}): number {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < min || (max !== undefined && value > max)) {
    refuse(name, max === undefined ? `a number >= ${min}` : `a number from ${min} to ${max}`, raw);
  }
  return value;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
/** What every boolean variable accepts, as a refusal names it. */
const BOOLEAN_VALUES = 'true or false (or 1/0, yes/no, on/off, in any case)';

/** A switch: true/false, 1/0, yes/no or on/off in any case; unset or blank takes `fallback`. */
export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return refuse(name, BOOLEAN_VALUES, raw);
}

/** One of `choices` (case-insensitive); `aliases` map what users also type onto a choice. */
export function readChoice<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  fallback: T,
  aliases: Readonly<Record<string, T>> = {},
): T {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  const value = (choices as readonly string[]).includes(lower) ? (lower as T) : aliases[lower];
  if (value === undefined) {
    const also = Object.keys(aliases);
    refuse(name, `one of ${choices.join(', ')}${also.length > 0 ? ` (or ${also.join(', ')})` : ''}`, raw);
  }
  return value;
}

function isTcpPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** A URL with one of `protocols` (e.g. `['amqp:', 'amqps:']`) and a host; `name` is the variable it came from. */
export function parseUrl(name: string, raw: string, protocols: readonly string[]): URL {
  const expected = `a ${protocols.map((protocol) => `${protocol}//`).join(' or ')} URL with a host`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse(name, expected, raw);
  }
  if (!protocols.includes(url.protocol) || url.hostname === '') refuse(name, expected, raw);
  return url;
}

/** A comma-separated list of `host:port` (IPv6 hosts in brackets), at least one. */
export function readHostPortList(env: Env, name: string, fallback: string): string[] {
  const raw = readRaw(env, name) ?? fallback;
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const valid = (entry: string) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(entry);
    return match !== null && isTcpPort(Number(match[2]));
  };
  if (entries.length === 0 || !entries.every(valid)) {
    refuse(name, 'a comma-separated list of host:port (e.g. 127.0.0.1:9092,kafka-2:9092)', raw);
  }
  return entries;
}

/** NODE_ENV=production (any case) switches on the refusals of development defaults. */
export function isProduction(env: Env): boolean {
  return readRaw(env, 'NODE_ENV')?.toLowerCase() === 'production';
}
