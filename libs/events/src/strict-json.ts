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
 * (class-transformer does, for instance): never legitimate in an event.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

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
export function parseStrictJson(text: string, { maxDepth }: { maxDepth: number }): unknown {
  checkShape(text, maxDepth);
  return JSON.parse(text);
}

interface Container {
  isObject: boolean;
  keys: Set<string>;
  /** The key (object) or index (array) of the member being read. */
  member: string | number;
  expectingKey: boolean;
}

function checkShape(text: string, maxDepth: number): void {
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
        const key = JSON.parse(text.slice(at, end + 1)) as string;
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
    }
  }
}

/** The index of the quote that closes the string opening at `start`, or -1. */
function endOfString(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at += 1) {
    const char = text.charCodeAt(at);
    if (char === 0x5c /* \ */) at += 1;
    else if (char === 0x22) return at;
  }
  return -1;
}
