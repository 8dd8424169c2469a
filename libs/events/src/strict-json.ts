/** Where in a JSON document a problem is: object keys and array indexes from the root. */
export type JsonPath = Array<string | number>;

/** The text is JSON, but shaped in a way this system refuses (see parseStrictJson). */
export class JsonShapeError extends Error {
  override readonly name = 'JsonShapeError';
  constructor(
    readonly problem: string,
    readonly path: JsonPath,
  ) {
    super(path.length > 0 ? `${path.join('.')}: ${problem}` : problem);
  }
}

/**
 * Keys that reach Object.prototype when a library copies a parsed object by assignment
 * (class-transformer does, for instance), and the names of Object.prototype's own members
 * (`valueOf`, `toString`, `hasOwnProperty`...), which class-transformer skips without a word, so
 * that they would slip past the unknown-property check: never legitimate in a body or an event.
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * JSON.parse, minus what it accepts silently: a key repeated in one object (JSON.parse keeps the
 * last value, other parsers the first, so two consumers could read two different events), the
 * prototype keys above, and nesting deeper than `maxDepth`. One pass over the text checks the shape
 * before JSON.parse builds anything, so a deeply nested body costs no more than its first
 * `maxDepth` levels; JSON.parse still decides what is valid JSON (a SyntaxError).
 *
 * Hand-written because neither JSON.parse nor the libraries at hand (secure-json-parse, json5)
 * refuse duplicate keys or bound the depth.
 */
export function parseStrictJson(text: string, rules: JsonShapeRules): unknown {
  checkJsonShape(text, rules);
  return JSON.parse(text);
}

export interface JsonShapeRules {
  maxDepth: number;
  /**
   * I-JSON (RFC 7493) numbers only: refuse what a 64-bit float cannot carry exactly (out of range, an
   * integer beyond ±(2^53-1), more digits than its double), which JSON.parse would silently round.
   */
  exactNumbers?: boolean;
}

interface Container {
  isObject: boolean;
  keys: Set<string>;
  /** The key (object) or index (array) of the member being read. */
  member: string | number;
  expectingKey: boolean;
}

/** The checks of parseStrictJson without building the value: throws JsonShapeError, or returns quietly. */
export function checkJsonShape(text: string, { maxDepth, exactNumbers = false }: JsonShapeRules): void {
  const open: Container[] = [];
  const path = () => open.map((container) => container.member);
  /** Where the object being read sits (its own member is the key being checked). */
  const objectPath = () => path().slice(0, -1);
  for (let at = 0; at < text.length; at += 1) {
    const char = text.charCodeAt(at);
    if (char === 0x22 /* " */) {
      const end = endOfString(text, at);
      if (end < 0) return; // unterminated: JSON.parse reports it
      const inside = open.at(-1);
      if (inside?.isObject && inside.expectingKey) {
        const key = decodeKey(text, at, end);
        if (key === undefined) return; // not a valid JSON string: JSON.parse reports it
        if (inside.keys.has(key)) throw new JsonShapeError(`key ${JSON.stringify(key)} appears twice`, objectPath());
        if (PROTOTYPE_KEYS.has(key))
          throw new JsonShapeError(`key ${JSON.stringify(key)} is not allowed`, objectPath());
        inside.keys.add(key);
        inside.member = key;
        inside.expectingKey = false;
      }
      at = end;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (open.length >= maxDepth) throw new JsonShapeError(`nested deeper than ${maxDepth} levels`, path());
      const isObject = char === 0x7b;
      open.push({ isObject, keys: new Set(), member: isObject ? '' : 0, expectingKey: isObject });
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      open.pop();
    } else if (char === 0x2c /* , */) {
      const inside = open.at(-1);
      if (inside?.isObject) inside.expectingKey = true;
      else if (inside) inside.member = (inside.member as number) + 1;
    } else if (exactNumbers && (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39))) {
      let end = at + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end])) end += 1;
      checkExactNumber(text.slice(at, end), path());
      at = end - 1;
    }
  }
}

function checkExactNumber(literal: string, path: JsonPath): void {
  const value = Number(literal);
  if (Number.isNaN(value)) return; // not a number JSON.parse accepts either
  if (!Number.isFinite(value)) throw new JsonShapeError(`number ${abbreviated(literal)} is out of range`, path);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new JsonShapeError(`number ${abbreviated(literal)} is beyond ±(2^53-1) and cannot be carried exactly`, path);
  }
  // The decimal digits written must be the digits of the double they parse to, or JSON.parse rounded.
  if (significantDigits(literal) !== significantDigits(value.toExponential())) {
    throw new JsonShapeError(`number ${abbreviated(literal)} is more precise than a 64-bit float can carry`, path);
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

/**
 * The key quoted from `start` to `end`, or undefined when it is not a valid JSON string (an unknown
 * escape, a raw control character): that is a syntax error for JSON.parse to report, not a shape.
 * Most keys have no escape, and then the text between the quotes is the key itself.
 */
function decodeKey(text: string, start: number, end: number): string | undefined {
  const inner = text.slice(start + 1, end);
  if (!inner.includes('\\')) return CONTROL_CHARACTER.test(inner) ? undefined : inner;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/** The index of the quote that closes the string opening at `start`, or -1. */
function endOfString(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at += 1) {
    const char = text.charCodeAt(at);
    if (char === 0x5c /* \ */) at += 1;
    else if (char === 0x22) return at;
  }
  return -1;
}
