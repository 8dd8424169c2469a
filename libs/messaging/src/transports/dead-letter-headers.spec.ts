import { jest } from '@jest/globals';
import { readDeadLetter } from '../dead-letters/dead-letter.js';
import type { DeliveryFailure } from '../delivery-failure.js';
import { deadLetterHeaders } from './dead-letter-headers.js';

const failure: DeliveryFailure = { reason: 'HANDLER_FAILED', error: 'Error: stock table locked', attempts: 5 };
const origin = { destination: 'order.created', consumer: 'inventory-service' };

describe('deadLetterHeaders: why a message was parked, the same on every broker', () => {
  afterEach(() => jest.useRealTimers());

  it('says why, after how many attempts, from where, for whom and when', () => {
    jest.useFakeTimers({ now: new Date('2025-03-01T12:00:00.000Z') });
    expect(deadLetterHeaders(failure, origin)).toEqual({
      'x-dead-letter-reason': 'HANDLER_FAILED',
      'x-dead-letter-error': 'Error: stock table locked',
      'x-dead-letter-attempts': '5',
      'x-dead-letter-origin': 'order.created',
      'x-dead-letter-consumer': 'inventory-service',
      'x-dead-letter-time': '2025-03-01T12:00:00.000Z',
    });
  });

  it('are what `npm run dead-letters -- list` reads back', () => {
    jest.useFakeTimers({ now: new Date('2025-03-01T12:00:00.000Z') });
    const listed = readDeadLetter({
      locator: 'inventory-service.dlq#1',
      body: Buffer.from('{}'),
      headers: deadLetterHeaders(failure, origin),
      fallbackOrigin: 'not used',
    });
    expect(listed).toMatchObject({
      reason: 'HANDLER_FAILED',
      error: 'Error: stock table locked',
      attempts: 5,
      origin: 'order.created',
      consumer: 'inventory-service',
      deadLetteredAt: '2025-03-01T12:00:00.000Z',
    });
  });

  it('cuts a long error (a stack, a huge message) to 1000 characters, so the broker takes the headers', () => {
    const headers = deadLetterHeaders({ ...failure, error: 'x'.repeat(70_000) }, origin);
    expect(headers['x-dead-letter-error']).toBe('x'.repeat(1000));
  });
});
