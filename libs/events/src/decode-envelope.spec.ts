import { randomUUID } from 'node:crypto';
import { decodeEnvelope, ENVELOPE_LIMITS, MalformedEventError } from './decode-envelope.js';
import { InvalidEventDataError } from './validate-event-data.js';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** A valid order.created envelope as plain JSON-able attributes, to be spoiled one way at a time. */
const valid = (): Record<string, unknown> => ({
  specversion: '1.0',
  id: randomUUID(),
  source: '/order-service',
  type: 'order.created',
  time: '2026-01-01T12:00:00.000Z',
  subject: 'order-1',
  datacontenttype: 'application/json',
  data: { orderId: randomUUID(), customerId: 'c', items: [{ sku: 'SKU-1', quantity: 1 }] },
});
const bytes = (event: unknown) => Buffer.from(JSON.stringify(event));
const without = (name: string) => {
  const event = valid();
  delete event[name];
  return event;
};
const refusal = (raw: Buffer | string, options?: { maxBytes?: number }) => {
  try {
    decodeEnvelope(raw, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('accepted');
};

describe('decodeEnvelope (strict CloudEvents 1.0)', () => {
  it('accepts a valid event and returns its attributes exactly as received', () => {
    const event = { ...valid(), time: '2026-01-01T13:00:00+01:00', traceparent: TRACEPARENT };
    expect(decodeEnvelope(bytes(event))).toEqual(event);
  });

  it.each(['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype'])(
    'refuses an event without %s, and fills nothing in',
    (name) => {
      const error = refusal(bytes(without(name)));
      expect(error).toBeInstanceOf(MalformedEventError);
      expect(error.message).toBe(`${name} is missing`);
    },
  );

  it.each([
    ['id', 42],
    ['id', null],
    ['source', ['/a']],
    ['type', { name: 'order.created' }],
    ['time', 1767268800000],
    ['subject', true],
    ['specversion', 1],
  ])('refuses %s of the wrong type (%p)', (name, value) => {
    const error = refusal(bytes({ ...valid(), [name]: value }));
    expect(error).toBeInstanceOf(MalformedEventError);
    expect(error.message).toMatch(new RegExp(`^${name} must be a string`));
  });

  it.each([
    ['id', ENVELOPE_LIMITS.idLength],
    ['source', ENVELOPE_LIMITS.sourceLength],
    ['type', ENVELOPE_LIMITS.typeLength],
    ['subject', ENVELOPE_LIMITS.subjectLength],
    ['time', ENVELOPE_LIMITS.timeLength],
  ])('bounds %s to %i characters, and refuses it empty', (name, max) => {
    expect(refusal(bytes({ ...valid(), [name]: 'a'.repeat(max + 1) })).message).toBe(
      `${name} must be 1 to ${max} characters; got ${max + 1}`,
    );
    expect(refusal(bytes({ ...valid(), [name]: '' })).message).toBe(`${name} must be 1 to ${max} characters; got 0`);
  });

  it('accepts an id of exactly 128 printable characters, spaces and non-ASCII included', () => {
    const id = `order 注文 ${'x'.repeat(128 - 9)}`;
    expect(id).toHaveLength(128);
    expect(decodeEnvelope(bytes({ ...valid(), id })).id).toBe(id);
  });

  it.each([
    ['a NUL', 'a\u0000b', '0000'],
    ['an escape sequence', 'id\u001b[2J', '001B'],
    ['a DEL', 'a\u007f', '007F'],
    ['a C1 control', 'a\u0085', '0085'],
    ['a right-to-left override', 'abc\u202edcba', '202E'],
    ['a lone surrogate', 'a\ud800', 'D800'],
    ['a line separator', 'a\u2028b', '2028'],
  ])('refuses an id with %s', (_, id, code) => {
    expect(refusal(bytes({ ...valid(), id })).message).toBe(
      `id contains a character that is not printable (U+${code})`,
    );
  });

  it('refuses control characters in source and subject too', () => {
    expect(refusal(bytes({ ...valid(), source: '/a\nb' })).message).toMatch(/^source contains/);
    expect(refusal(bytes({ ...valid(), subject: 'x\u0007' })).message).toMatch(/^subject contains/);
  });

  it.each([
    ['specversion', '0.3', 'specversion must be "1.0"'],
    ['datacontenttype', 'text/plain', 'datacontenttype must be "application/json"'],
    ['time', 'yesterday', 'time must match format "date-time"'],
    ['time', '2026-13-01T00:00:00Z', 'time must match format "date-time"'],
    ['source', 'not a uri ref', 'source must match format "uri-reference"'],
  ])('refuses %s %p', (name, value, message) => {
    const error = refusal(bytes({ ...valid(), [name]: value }));
    expect(error).toBeInstanceOf(MalformedEventError);
    expect(error.message).toContain(message);
  });

  it('refuses data_base64: data must be JSON', () => {
    expect(refusal(bytes({ ...without('data'), data_base64: 'Zm9v' })).message).toMatch(/^data_base64 is not accepted/);
  });

  describe('extension attributes', () => {
    it('keeps up to 16 with valid names and scalar values', () => {
      const extensions = Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`ext${index}`, index]));
      const event = { ...valid(), ...extensions, partitionkey: undefined, flag: undefined };
      expect(decodeEnvelope(bytes(event))).toMatchObject(extensions);
      expect(decodeEnvelope(bytes({ ...valid(), flag: true, label: 'blue', count: -5 }))).toMatchObject({
        flag: true,
        label: 'blue',
        count: -5,
      });
    });

    it('refuses a 17th', () => {
      const extensions = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`ext${index}`, 'x']));
      expect(refusal(bytes({ ...valid(), ...extensions })).message).toBe(
        '17 extension attributes; at most 16 are accepted',
      );
    });

    it.each(['Upper', 'with-dash', 'under_score', 'a'.repeat(21), ''])('refuses the name %p', (name) => {
      expect(refusal(bytes({ ...valid(), [name]: 'x' })).message).toMatch(
        /^extension attribute name .* must be 1 to 20/,
      );
    });

    it.each([
      ['an object', { a: 1 }, 'object'],
      ['an array', [1], 'array'],
      ['null', null, 'null'],
    ])('refuses %s as a value', (_, value, kind) => {
      expect(refusal(bytes({ ...valid(), ext: value })).message).toBe(
        `extension attribute ext must be a string, an integer or a boolean; got ${kind}`,
      );
    });

    it('refuses numbers that are not 32-bit integers, and strings over 256 characters', () => {
      expect(refusal(bytes({ ...valid(), ext: 1.5 })).message).toMatch(/32-bit integer/);
      expect(refusal(bytes({ ...valid(), ext: 2 ** 31 })).message).toMatch(/32-bit integer/);
      expect(refusal(bytes({ ...valid(), ext: 'x'.repeat(257) })).message).toBe(
        'ext must be 1 to 256 characters; got 257',
      );
      expect(refusal(bytes({ ...valid(), ext: 'bell\u0007' })).message).toMatch(/^ext contains/);
    });
  });

  describe('trace context', () => {
    it('keeps a W3C traceparent and its tracestate', () => {
      const event = decodeEnvelope(
        bytes({ ...valid(), traceparent: TRACEPARENT, tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7' }),
      );
      expect(event.traceparent).toBe(TRACEPARENT);
      expect(event.tracestate).toBe('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    });

    it.each([
      ['300 KB long', `${TRACEPARENT}${'0'.repeat(300 * 1024)}`],
      ['upper-case', TRACEPARENT.toUpperCase()],
      ['an all-zero trace id', `00-${'0'.repeat(32)}-b7ad6b7169203331-01`],
      ['version ff', TRACEPARENT.replace(/^00/, 'ff')],
      ['a number', 42],
      ['an object', { a: 1 }],
    ])('drops a traceparent that is %s, together with its tracestate, and accepts the event', (_, traceparent) => {
      const event = decodeEnvelope(bytes({ ...valid(), traceparent, tracestate: 'rojo=00f067aa0ba902b7' }), {
        maxBytes: 1024 * 1024,
      });
      expect(event).not.toHaveProperty('traceparent');
      expect(event).not.toHaveProperty('tracestate');
      expect(event.data).toBeDefined();
    });

    it('drops a tracestate that is not W3C, keeping the traceparent', () => {
      const event = decodeEnvelope(bytes({ ...valid(), traceparent: TRACEPARENT, tracestate: 'NOT VALID' }));
      expect(event.traceparent).toBe(TRACEPARENT);
      expect(event).not.toHaveProperty('tracestate');
    });
  });

  describe('the bytes themselves', () => {
    it('refuses more bytes than the limit before parsing them', () => {
      const error = refusal(Buffer.from(`{"garbage${'x'.repeat(2000)}`), { maxBytes: 1024 });
      expect(error).toBeInstanceOf(MalformedEventError);
      expect(error.message).toBe('2009 bytes; at most 1024 are accepted');
    });

    it('accepts exactly the limit, counting bytes rather than characters', () => {
      const event = bytes(valid());
      expect(() => decodeEnvelope(event, { maxBytes: event.length })).not.toThrow();
      const text = JSON.stringify({ ...valid(), subject: 'ü' });
      expect(refusal(text, { maxBytes: text.length }).message).toMatch(/bytes; at most/);
    });

    it('refuses bytes that are not UTF-8', () => {
      const event = Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
      expect(refusal(event).message).toBe('not UTF-8 text');
    });

    it.each([
      ['not JSON', '{not json', /^not JSON/],
      ['truncated JSON', JSON.stringify(valid()).slice(0, 60), /^not JSON/],
      ['an array', '[1,2]', /^not a JSON object$/],
      ['a string', '"event"', /^not a JSON object$/],
      ['null', 'null', /^not a JSON object$/],
      ['empty', '', /^not JSON/],
    ])('refuses %s as malformed', (_, text, message) => {
      const error = refusal(Buffer.from(text));
      expect(error).toBeInstanceOf(MalformedEventError);
      expect(error.message).toMatch(message);
    });

    it('refuses an attribute given twice (parsers disagree on which one counts)', () => {
      const text = JSON.stringify(valid()).replace('{', '{"id":"first",');
      expect(refusal(text).message).toBe('key "id" appears twice');
    });

    it('refuses a __proto__ attribute as malformed', () => {
      expect(refusal('{"__proto__":{"polluted":true}}').message).toBe('key "__proto__" is not allowed');
    });

    it('refuses data nested deeper than 32 levels as invalid data, at once and cheaply', () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const text = JSON.stringify(valid()).replace(/"data":\{/, `"data":{"deep":${deep},`);
      const error = refusal(text, { maxBytes: 1024 * 1024 });
      expect(error).toBeInstanceOf(InvalidEventDataError);
      expect(error.message).toMatch(/^data\.deep\.0\.0.*: nested deeper than 32 levels$/);
    });

    it('accepts data nested exactly to the limit', () => {
      const depth = ENVELOPE_LIMITS.maxDepth - 2; // the envelope and data are the first two levels
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const text = JSON.stringify(valid()).replace(/"data":\{/, `"data":{"deep":${nested},`);
      expect(() => decodeEnvelope(text)).not.toThrow();
    });

    it('refuses a repeated or prototype key inside data as invalid data', () => {
      const repeated = JSON.stringify(valid()).replace('"customerId":', '"customerId":"x","customerId":');
      expect(refusal(repeated)).toBeInstanceOf(InvalidEventDataError);
      const proto = JSON.stringify(valid()).replace('"quantity":1', '"quantity":1,"__proto__":{"sku":"X"}');
      const error = refusal(proto);
      expect(error).toBeInstanceOf(InvalidEventDataError);
      expect(error.message).toBe('data.items.0: key "__proto__" is not allowed');
    });

    it('refuses deep nesting outside data as malformed', () => {
      const text = JSON.stringify(valid()).replace('{', `{"ext":${'['.repeat(40)}${']'.repeat(40)},`);
      expect(refusal(text)).toBeInstanceOf(MalformedEventError);
    });
  });
});
