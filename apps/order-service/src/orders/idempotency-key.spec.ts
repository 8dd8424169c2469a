import { BadRequestException } from '@nestjs/common';
import { parseIdempotencyKey } from './idempotency-key.js';

describe('parseIdempotencyKey', () => {
  it('is absent without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey([])).toBeUndefined();
  });

  it.each([
    ['a bare UUID', '8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['the draft’s quoted form', '"8e03978e-40d5-43e8-bc93-6894a57f9324"', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['a quoted key with spaces and escapes', '"order \\"7\\" \\\\ retry"', 'order "7" \\ retry'],
    ['255 characters', 'k'.repeat(255), 'k'.repeat(255)],
    ['punctuation', 'a,b;c=d', 'a,b;c=d'],
  ])('reads %s', (_, header, key) => {
    expect(parseIdempotencyKey([header])).toBe(key);
  });

  it.each([
    ['256 characters', 'k'.repeat(256)],
    ['8,000 characters', 'k'.repeat(8000)],
    ['an empty quoted string', '""'],
    ['a control character', 'abc\u0001'],
    ['non-ASCII', 'clé'],
    ['a space in a bare key', 'two words'],
    ['an unterminated quote', '"abc'],
    ['a bad escape', '"a\\b"'],
  ])('refuses %s with 400', (_, header) => {
    expect(() => parseIdempotencyKey([header])).toThrow(BadRequestException);
  });

  it('refuses the header sent twice', () => {
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(/must be sent once/);
  });
});
