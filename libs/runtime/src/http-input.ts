import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { assertStrictJson } from './request-body-json.js';

/** Documented limit for any JSON request body; larger bodies get 413. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;
/** The same limit as the API documents state it. */
export const JSON_BODY_LIMIT = `${JSON_BODY_LIMIT_BYTES / 1024}kb`;

/** The only request body this API reads. */
export const JSON_MEDIA_TYPE = 'application/json';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * Strict HTTP input: JSON is the only body read (Fastify answers any other media type, or a body that
 * does not say what it is, with 415), as it was sent (a Content-Encoding is 415); a body is bounded
 * (413), UTF-8 (RFC 8259; another charset is 415, bytes that are not UTF-8 are 400), and I-JSON of
 * bounded depth (see request-body-json.ts: 400 otherwise); DTOs are validated with unknown properties
 * reported as errors (400 with one message per field).
 */
export function applyHttpInputPolicy(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's own parsers (JSON and text/plain) go: this one reads JSON, and nothing else is read.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT_BYTES }, parseJson);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => {
        const fields = fieldErrors(errors);
        return new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: fields.flatMap(({ field, messages }) => messages.map((text) => `${field}: ${text}`)),
          fields,
        });
      },
    }),
  );
}

/** The body as JSON, or an error with the status it is answered with (Nest's Fastify adapter maps it). */
function parseJson(request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void): void {
  const coding = request.headers['content-encoding']?.trim().toLowerCase();
  if (coding !== undefined && coding !== 'identity') {
    // Read as they came, compressed bytes would be taken for JSON (RFC 9110: 415 for a coding not accepted).
    done(httpError(415, `the body must not be encoded (Content-Encoding: ${coding})`));
    return;
  }
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    done(httpError(415, `JSON must be encoded as UTF-8, not ${charset}`));
    return;
  }
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    done(httpError(400, 'the body is not valid UTF-8'));
    return;
  }
  try {
    assertStrictJson(text);
    done(null, JSON.parse(text));
  } catch (error) {
    done(error instanceof SyntaxError ? httpError(400, error.message) : (error as Error));
  }
}

/** An error in http-errors' shape: Nest answers it with its status and message. */
function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true });
}

/** One entry per offending field, with its dotted path (`items.0.quantity`) and what is wrong with it. */
export function fieldErrors(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}
