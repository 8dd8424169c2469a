import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Documented limit for any JSON request body; larger bodies get 413. */
export const JSON_BODY_LIMIT = '64kb';

/** Keys that could reach an object's prototype: refused outright rather than silently dropped. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Strict HTTP input: bounded JSON bodies, prototype-polluting keys refused, DTOs validated with
 * unknown properties reported as errors (400 with one message per field).
 */
export function applyHttpInputPolicy(app: NestExpressApplication): void {
  app.useBodyParser('json', {
    limit: JSON_BODY_LIMIT,
    reviver: (key: string, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new BadRequestException(`property ${key} should not exist`);
      return value;
    },
  });
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

/** One entry per offending field, with its dotted path (`items.0.quantity`) and what is wrong with it. */
export function fieldErrors(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}
