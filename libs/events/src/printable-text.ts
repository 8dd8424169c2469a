import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * Text a person can read: no control characters (NUL, ESC and the C0/C1 ranges, so no terminal
 * escapes), no invisible format characters (bidi overrides, zero-width marks), no lone surrogates and
 * no line or paragraph separators. Letters, digits, punctuation, symbols and spaces of any script pass.
 */
export const PRINTABLE_TEXT_PATTERN = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u;

export function isPrintableText(value: unknown): value is string {
  return typeof value === 'string' && PRINTABLE_TEXT_PATTERN.test(value);
}

/** class-validator rule for free-text fields, in HTTP requests and in event contracts alike. */
export function IsPrintableText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPrintableText',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [PRINTABLE_TEXT_PATTERN],
      options,
      validator: {
        validate: (value: unknown) => isPrintableText(value),
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must contain printable characters only (no control or invisible format characters)`,
      },
    });
}
