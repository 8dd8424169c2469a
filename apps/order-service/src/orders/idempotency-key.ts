import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** draft-ietf-httpapi-idempotency-key-header: an RFC 8941 sf-string, `"..."` with `\"` and `\\` escapes. */
const SF_STRING = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;
/** The unquoted form most clients send (a bare UUID): visible ASCII only. */
const BARE_KEY = /^[\x21\x23-\x7e][\x21-\x7e]*$/;

/**
 * The key a request carries, or undefined without one. `"abc"` and `abc` are the same key.
 * Refused with 400: the header sent twice, a key that is empty, longer than 255 characters, or
 * not printable ASCII. The key is never echoed back, nor cut short.
 */
export function parseIdempotencyKey(values: readonly string[] | undefined): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw new BadRequestException(`${IDEMPOTENCY_KEY_HEADER} must be sent once`);
  const value = values[0].trim();
  const quoted = SF_STRING.exec(value);
  const key = quoted ? quoted[1].replace(/\\(["\\])/g, '$1') : BARE_KEY.test(value) ? value : undefined;
  if (key === undefined || key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new BadRequestException(
      `${IDEMPOTENCY_KEY_HEADER} must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, ` +
        'bare or as a quoted string (RFC 8941)',
    );
  }
  return key;
}

/** The request's Idempotency-Key, checked: every occurrence of the header, not Node's comma-joined value. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext) =>
  parseIdempotencyKey(context.switchToHttp().getRequest<FastifyRequest>().raw.headersDistinct['idempotency-key']),
);
