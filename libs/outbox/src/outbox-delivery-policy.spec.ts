import { jest } from '@jest/globals';
import {
  describeFailure,
  failuresAreTheRows,
  leaseMs,
  planFailureUpdates,
  retryDelayMs,
} from './outbox-delivery-policy.js';

describe('outbox delivery policy', () => {
  const now = new Date('2030-01-01T00:00:00.000Z');

  it('backs a failing row off from about 1 s, doubling, to at most 30 s, jittered between half and all of it', () => {
    const attempts = [1, 2, 3, 4, 5, 6, 7, 20, 1_000];
    expect(attempts.map((n) => retryDelayMs(n, () => 0.999_999))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
    expect(attempts.map((n) => retryDelayMs(n, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000, 15_000,
    ]);
    expect(new Set(Array.from({ length: 50 }, () => retryDelayMs(6))).size).toBeGreaterThan(1);
  });

  it('leases a batch for longer than its slowest publish may take', () => {
    expect(leaseMs(10_000)).toBeGreaterThan(10_000);
  });

  const highest = () => 0.999_999;

  it('counts the attempt, stores the error and schedules the next one', () => {
    const [update] = planFailureUpdates([{ id: 'a', attempts: 2, error: 'refused', refused: true }], now, 10, highest);
    expect(update).toEqual({
      ids: ['a'],
      attempts: 3,
      lastError: 'refused',
      nextAttemptAt: '2030-01-01T00:00:04.000Z',
      parkedAt: null,
    });
  });

  it('parks a row the broker refuses for good at its last allowed attempt, with no next attempt', () => {
    const [update] = planFailureUpdates([{ id: 'a', attempts: 9, error: 'too large', refused: true }], now, 10);
    expect(update).toMatchObject({ attempts: 10, parkedAt: now.toISOString(), nextAttemptAt: null });
  });

  it('never parks a row whose failure is the broker passing state, however many attempts it took', () => {
    const [update] = planFailureUpdates(
      [{ id: 'a', attempts: 5_000, error: 'no confirmation within 10000 ms', refused: false }],
      now,
      10,
      highest,
    );
    expect(update).toMatchObject({ attempts: 5_001, parkedAt: null, nextAttemptAt: '2030-01-01T00:00:30.000Z' });
  });

  it('settles a batch in one statement per distinct outcome', () => {
    const updates = planFailureUpdates(
      [
        { id: 'a', attempts: 0, error: 'refused', refused: true },
        { id: 'b', attempts: 0, error: 'refused', refused: true },
        { id: 'c', attempts: 0, error: 'timed out', refused: false },
        { id: 'd', attempts: 9, error: 'refused', refused: true },
        { id: 'e', attempts: 9, error: 'refused', refused: false },
      ],
      now,
      10,
    );
    expect(updates.map(({ ids, attempts, parkedAt }) => ({ ids, attempts, parked: parkedAt !== null }))).toEqual([
      { ids: ['a', 'b'], attempts: 1, parked: false },
      { ids: ['c'], attempts: 1, parked: false },
      { ids: ['d'], attempts: 10, parked: true },
      { ids: ['e'], attempts: 10, parked: false },
    ]);
  });

  it('blames the rows when another publish of the batch succeeded, without asking the broker', async () => {
    const probe = jest.fn(async () => false);
    await expect(failuresAreTheRows(1, probe)).resolves.toBe(true);
    expect(probe).not.toHaveBeenCalled();
  });

  it('blames the broker when every publish failed and it does not answer', async () => {
    await expect(failuresAreTheRows(0, async () => false)).resolves.toBe(false);
    await expect(failuresAreTheRows(0, async () => true)).resolves.toBe(true);
  });

  it('stores errors as one bounded, printable line', () => {
    expect(describeFailure(new Error('line one\nline two\u001b[31m'))).toBe('line one line two [31m');
    expect(describeFailure(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeFailure('plain')).toBe('plain');
    expect(describeFailure(new Error('x'.repeat(5_000)))).toHaveLength(500);
  });
});
