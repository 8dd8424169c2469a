import { checkJsonShape, JsonShapeError } from '#events';

/**
 * The JSON a request body may be: I-JSON (RFC 7493) with a bounded depth, checked on the raw text
 * before JSON.parse by the same scanner that reads events (libs/events strict-json.ts): nesting deeper
 * than MAX_JSON_DEPTH (class-transformer recurses once per level and overflows the stack on a few KB of
 * `[[[[...]]]]`: a 500 instead of a 400), a name twice in one object, names that reach an object's
 * prototype, and numbers a 64-bit float cannot carry. Syntax errors are left to JSON.parse, which
 * reports them with their position.
 */
export const MAX_JSON_DEPTH = 32;

/** The body is well-formed enough to read, but not JSON this API accepts. */
export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
  // http-errors' shape, so that body-parser and Nest answer it with 400 and this message.
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
}

/** Throws StrictJsonError for the first rule the text breaks; returns quietly otherwise. */
export function assertStrictJson(text: string): void {
  try {
    checkJsonShape(text, { maxDepth: MAX_JSON_DEPTH, exactNumbers: true });
  } catch (error) {
    if (error instanceof JsonShapeError) throw new StrictJsonError(error.message);
    throw error;
  }
}
