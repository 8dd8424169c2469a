import {
  parseUrl,
  isProduction,
  readBoolean,
  readChoice,
  readHostPortList,
  readInteger,
  readNumber,
  readRaw,
} from './env-readers.js';
import { ConfigurationError } from './configuration-error.js';

/** The message of the ConfigurationError that `read` throws. */
function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

// What loadServiceConfig reads through these is in libs/runtime/src/service.config.spec.ts; these are the
// rules every loader shares, including what no variable of today reaches.
describe('environment readers', () => {
  it('trim values, and take an unset or blank one as unset', () => {
    expect(readRaw({ X: '  a b  ' }, 'X')).toBe('a b');
    expect(readRaw({ X: ' \t ' }, 'X')).toBeUndefined();
    expect(readRaw({}, 'X')).toBeUndefined();
  });

  describe('readInteger', () => {
    it('reads plain decimal digits, within bounds, inclusive', () => {
      expect(readInteger({ N: ' 42 ' }, 'N', 1)).toBe(42);
      expect(readInteger({ N: '10' }, 'N', 1, { min: 1, max: 10 })).toBe(10);
      expect(readInteger({}, 'N', 7)).toBe(7);
    });

    it.each(['+5', '5.0', '1_000', '1234567890123456'])('refuses %p, saying what it accepts', (raw) => {
      expect(refusal(() => readInteger({ N: raw }, 'N', 1))).toBe(`N must be an integer >= 0; got "${raw}"`);
    });

    it('names both bounds when there is a maximum', () => {
      expect(refusal(() => readInteger({ N: '11' }, 'N', 1, { min: 1, max: 10 }))).toBe(
        'N must be an integer from 1 to 10; got "11"',
      );
    });
  });

  describe('readNumber', () => {
    it('reads decimals such as hours', () => {
      expect(readNumber({ H: '0.5' }, 'H', 1)).toBe(0.5);
      expect(readNumber({ H: '72' }, 'H', 1)).toBe(72);
      expect(readNumber({}, 'H', 24)).toBe(24);
    });

    it.each(['.5', '1.', '1e3', '-1', 'Infinity', '0x10', '1,5'])('refuses %p', (raw) => {
      expect(refusal(() => readNumber({ H: raw }, 'H', 1))).toBe(`H must be a number >= 0; got "${raw}"`);
    });

    it('holds to its bounds', () => {
      expect(refusal(() => readNumber({ H: '0.01' }, 'H', 1, { min: 0.1, max: 10 }))).toBe(
        'H must be a number from 0.1 to 10; got "0.01"',
      );
    });
  });

  describe('readBoolean', () => {
    it.each(['true', 'TRUE', ' True ', '1', 'yes', 'YES', 'on'])('reads %p as true', (raw) => {
      expect(readBoolean({ FLAG: raw }, 'FLAG', false)).toBe(true);
    });

    it.each(['false', 'False', '0', 'no', 'No', 'off'])('reads %p as false', (raw) => {
      expect(readBoolean({ FLAG: raw }, 'FLAG', true)).toBe(false);
    });

    it.each([undefined, '', '  '])('takes the default for %p', (raw) => {
      expect(readBoolean({ FLAG: raw }, 'FLAG', true)).toBe(true);
      expect(readBoolean({ FLAG: raw }, 'FLAG', false)).toBe(false);
    });

    it.each(['maybe', 'y', 'enabled', '2', 'truee'])('refuses %p, naming the variable and what it accepts', (raw) => {
      expect(refusal(() => readBoolean({ FLAG: raw }, 'FLAG', true))).toBe(
        `FLAG must be true or false (or 1/0, yes/no, on/off, in any case); got "${raw}"`,
      );
    });
  });

  it('readChoice takes any case and names the choices and aliases it accepts', () => {
    const read = (raw: string) =>
      readChoice({ MODE: raw }, 'MODE', ['fast', 'safe'] as const, 'safe', { quick: 'fast' });
    expect(read('FAST')).toBe('fast');
    expect(read('Quick')).toBe('fast');
    expect(refusal(() => read('slow'))).toBe('MODE must be one of fast, safe (or quick); got "slow"');
  });

  it('readHostPortList ignores an empty entry (a trailing comma) but refuses port 0', () => {
    expect(readHostPortList({ B: 'kafka-1:9092,' }, 'B', '127.0.0.1:9092')).toEqual(['kafka-1:9092']);
    expect(refusal(() => readHostPortList({ B: 'kafka-1:0' }, 'B', '127.0.0.1:9092'))).toContain('B must be');
  });

  it('parseUrl checks the protocol and the host', () => {
    expect(parseUrl('U', 'https://example.test', ['https:']).host).toBe('example.test');
    expect(refusal(() => parseUrl('U', 'ftp://example.test', ['https:']))).toBe(
      'U must be a https:// URL with a host; got "ftp://example.test"',
    );
  });

  describe('what a refusal shows of the value', () => {
    it('cuts a long value (a pasted key) to 80 characters', () => {
      const message = refusal(() => readInteger({ N: 'k'.repeat(500) }, 'N', 1));
      expect(message).toBe(`N must be an integer >= 0; got "${'k'.repeat(77)}..."`);
    });

    it('shows control and non-ASCII characters as ?, so a log line stays one line', () => {
      expect(refusal(() => readInteger({ N: '1\n2\u001b[31mé' }, 'N', 1))).toBe(
        'N must be an integer >= 0; got "1?2?[31m?"',
      );
    });
  });

  it.each([
    ['production', true],
    [' PRODUCTION ', true],
    ['prod', false],
    ['development', false],
    [undefined, false],
  ])('NODE_ENV=%p is production: %p', (value, production) => {
    expect(isProduction({ NODE_ENV: value })).toBe(production);
  });
});
