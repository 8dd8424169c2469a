import {
  BadRequestException,
  UnsupportedMediaTypeException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { assertStrictJson } from './strict-json.js';

/** Documented limit for any JSON request body; larger bodies get 413. */
export const JSON_BODY_LIMIT = '64kb';

/** The only request body this API reads. */
export const JSON_MEDIA_TYPE = 'application/json';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict HTTP input: a body that is not JSON is refused with 415, a JSON body is bounded (413),
 * UTF-8 (RFC 8259), and I-JSON of bounded depth (see strict-json.ts: 400 otherwise); DTOs are
 * validated with unknown properties reported as errors (400 with one message per field).
 */
export function applyHttpInputPolicy(app: NestExpressApplication): void {
  app.use(refuseBodiesThatAreNotJson);
  const options = {
    limit: JSON_BODY_LIMIT,
    type: JSON_MEDIA_TYPE,
    // body-parser's hook on the raw bytes, before JSON.parse. Nest leaves it out of the option type
    // because it uses it itself for `rawBody: true`, which these services do not set.
    verify: (_request: unknown, _response: unknown, raw: Buffer, encoding: string) => {
      if (encoding.toLowerCase() !== 'utf-8') throw httpError(415, `JSON must be encoded as UTF-8, not ${encoding}`);
      let text: string;
      try {
        text = UTF8.decode(raw);
      } catch {
        throw httpError(400, 'the body is not valid UTF-8');
      }
      assertStrictJson(text);
    },
  };
  app.useBodyParser('json', options as Parameters<typeof app.useBodyParser<'json'>>[1]);
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

/** A request that carries a body must say it is JSON; otherwise the body would be silently ignored. */
function refuseBodiesThatAreNotJson(request: Request, _response: Response, next: NextFunction): void {
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (METHODS_WITH_BODY.has(request.method) && hasBody && !request.is(JSON_MEDIA_TYPE)) {
    next(new UnsupportedMediaTypeException(`the body must be ${JSON_MEDIA_TYPE}`));
    return;
  }
  next();
}

/** An error in http-errors' shape, which body-parser passes on with its status and Nest answers as such. */
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
