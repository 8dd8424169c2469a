import { readDeadLetter, type RawDeadLetter } from './dead-letter.js';
import { resolveQuery } from './dead-letter-query.js';

const raw = (body: string, headers: Record<string, unknown> = {}): RawDeadLetter => ({
  locator: 'inventory-service.dlq#m-1',
  body: Buffer.from(body),
  headers: {
    'x-dead-letter-reason': 'INVALID',
    'x-dead-letter-error': 'items.0.quantity must not be less than 1',
    'x-dead-letter-attempts': '1',
    'x-dead-letter-origin': 'order.created',
    'x-dead-letter-consumer': 'inventory-service',
    'x-dead-letter-time': '2025-03-01T10:00:00.000Z',
    ...headers,
  },
  fallbackOrigin: 'order.created',
});

const event = JSON.stringify({ id: 'evt-1', type: 'order.created', data: { note: 'x'.repeat(5000) + 'NEEDLE' } });

describe('readDeadLetter', () => {
  it('keeps at most the asked bytes of the body, with its full size, never cutting a character in half', () => {
    const letter = readDeadLetter(raw('ééééé'), 5);
    expect(letter).toMatchObject({ body: 'éé', bodySize: 10, bodyTruncated: true });
    expect(readDeadLetter(raw('small'), 5)).toMatchObject({ body: 'small', bodySize: 5, bodyTruncated: false });
  });

  it('reads the event id and type from the whole body even when it keeps only its start', () => {
    expect(readDeadLetter(raw(event), 16)).toMatchObject({ eventId: 'evt-1', eventType: 'order.created' });
  });

  it('falls back to the broker’s time and to REJECTED_BY_BROKER for a message parked by the broker itself', () => {
    const letter = readDeadLetter({
      locator: 'q#1',
      body: Buffer.from('x'),
      headers: {},
      fallbackOrigin: 'o',
      fallbackTime: 0,
    });
    expect(letter).toMatchObject({ reason: 'REJECTED_BY_BROKER', origin: 'o', deadLetteredAt: '' });
    const timed = readDeadLetter({
      locator: 'q#1',
      body: Buffer.from('x'),
      headers: {},
      fallbackOrigin: 'o',
      fallbackTime: 1e12,
    });
    expect(timed.deadLetteredAt).toBe(new Date(1e12).toISOString());
  });
});

describe('resolveQuery', () => {
  const select = (query: Parameters<typeof resolveQuery>[0], body = event, headers = {}) => {
    const letter = readDeadLetter(raw(body, headers), 64);
    return resolveQuery(query).selects(letter, Buffer.from(body));
  };

  it('selects everything with no filter, with a 30 s deadline and 1 KiB bodies by default', () => {
    expect(select({})).toBe(true);
    expect(resolveQuery()).toMatchObject({ limit: Infinity, deadlineMs: 30_000, bodyBytes: 1024 });
  });

  it('matches text anywhere in the whole body, not only in the part it keeps', () => {
    expect(select({ match: 'NEEDLE' })).toBe(true);
    expect(select({ match: 'HAYSTACK' })).toBe(false);
  });

  it('matches text in the event id, the locator and the error', () => {
    expect(select({ match: 'evt-1' })).toBe(true);
    expect(select({ match: 'dlq#m-1' })).toBe(true);
    expect(select({ match: 'must not be less' })).toBe(true);
  });

  it('filters by type, reason (any case) and ids', () => {
    expect(select({ type: 'order.created', reason: 'invalid' })).toBe(true);
    expect(select({ type: 'inventory.reserved' })).toBe(false);
    expect(select({ reason: 'MALFORMED' })).toBe(false);
    expect(select({ ids: ['evt-1'] })).toBe(true);
    expect(select({ ids: ['inventory-service.dlq#m-1'] })).toBe(true);
    expect(select({ ids: ['evt-2'] })).toBe(false);
  });

  it('filters by the time it was dead-lettered, bounds included; a letter with no known time is outside any range', () => {
    const at = new Date('2025-03-01T10:00:00.000Z');
    expect(select({ since: at, until: at })).toBe(true);
    expect(select({ since: new Date(at.getTime() + 1) })).toBe(false);
    expect(select({ until: new Date(at.getTime() - 1) })).toBe(false);
    expect(select({ since: new Date(0) }, event, { 'x-dead-letter-time': undefined })).toBe(false);
  });

  it('refuses a time that is not one', () => {
    expect(() => resolveQuery({ since: new Date('yesterday-ish') })).toThrow('since is not a valid time');
  });
});
