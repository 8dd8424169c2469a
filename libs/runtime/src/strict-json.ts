/**
 * The JSON a request body may be: I-JSON (RFC 7493) with a bounded depth. JSON.parse accepts things
 * that later stages cannot handle or that mean two things at once, so the raw text is checked first:
 * - nesting deeper than MAX_JSON_DEPTH (class-transformer recurses once per level and overflows the
 *   stack on a few KB of `[[[[...]]]]`: a 500 instead of a 400);
 * - a name twice in one object (JSON.parse silently keeps the last one);
 * - names that reach an object's prototype (`__proto__`, `constructor`, `prototype`);
 * - numbers a 64-bit float cannot carry: out of range, integers beyond ±(2^53-1), or more than
 *   more decimal digits than the double they parse to (JSON.parse would silently round them).
 * Syntax errors are left to JSON.parse, which reports them with their position.
 */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** The body is well-formed enough to read, but not JSON this API accepts. */
export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
  // http-errors' shape, so that body-parser and Nest answer it with 400 and this message.
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Throws StrictJsonError for the first rule the text breaks; returns quietly otherwise. */
export function assertStrictJson(text: string): void {
  // One entry per open container: the names seen so far for an object, null for an array.
  const open: Array<Set<string> | null> = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '{' || char === '[') {
      open.push(char === '{' ? new Set() : null);
      if (open.length > MAX_JSON_DEPTH)
        throw new StrictJsonError(`JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
      index += 1;
    } else if (char === '}' || char === ']') {
      open.pop();
      index += 1;
    } else if (char === '"') {
      const end = endOfString(text, index);
      if (end < 0) return;
      const names = open[open.length - 1];
      if (names && nextSignificant(text, end + 1) === ':') checkName(text.slice(index, end + 1), names);
      index = end + 1;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      let end = index + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end])) end += 1;
      checkNumber(text.slice(index, end));
      index = end;
    } else {
      index += 1;
    }
  }
}

/** Index of the closing quote of the string starting at `start`, or -1 when it never closes. */
function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index += 1;
    else if (code === QUOTE) return index;
  }
  return -1;
}

function nextSignificant(text: string, from: number): string | undefined {
  for (let index = from; index < text.length; index += 1) {
    if (!' \t\n\r'.includes(text[index])) return text[index];
  }
  return undefined;
}

function checkName(literal: string, names: Set<string>): void {
  let name: string;
  try {
    name = JSON.parse(literal) as string;
  } catch {
    return; // a bad escape: JSON.parse reports it
  }
  if (FORBIDDEN_NAMES.has(name)) throw new StrictJsonError(`property ${name} should not exist`);
  if (names.has(name)) throw new StrictJsonError(`property ${printable(name)} appears twice in one object`);
  names.add(name);
}

function checkNumber(literal: string): void {
  const value = Number(literal);
  if (Number.isNaN(value)) return; // not a number JSON.parse accepts either
  if (!Number.isFinite(value)) throw new StrictJsonError(`number ${abbreviated(literal)} is out of range`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new StrictJsonError(`number ${abbreviated(literal)} is beyond ±(2^53-1) and cannot be carried exactly`);
  }
  // The decimal digits written must be the digits of the double they parse to, or JSON.parse rounded.
  if (significantDigits(literal) !== significantDigits(value.toExponential())) {
    throw new StrictJsonError(`number ${abbreviated(literal)} is more precise than a 64-bit float can carry`);
  }
}

/** The digits of a decimal literal without sign, point, exponent, leading or trailing zeros. */
function significantDigits(literal: string): string {
  return literal
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
}

function abbreviated(literal: string): string {
  return literal.length > 24 ? `${literal.slice(0, 20)}... (${literal.length} characters)` : literal;
}

/** A name as it may be echoed in an error: control characters escaped, length bounded. */
function printable(name: string): string {
  return abbreviated(JSON.stringify(name));
}
