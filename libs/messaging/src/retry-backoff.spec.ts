import { jest } from '@jest/globals';
import { retryDelayMs } from './retry-backoff.js';

describe('retryDelayMs: exponential backoff with full jitter', () => {
  afterEach(() => jest.restoreAllMocks());

  /** The delay with the jitter at its lowest (random = 0) and at its highest (random just under 1). */
  const range = (attempt: number, ...bounds: [number?, number?]) => {
    const random = jest.spyOn(Math, 'random');
    random.mockReturnValue(0);
    const shortest = retryDelayMs(attempt, ...bounds);
    random.mockReturnValue(0.999_999);
    const longest = retryDelayMs(attempt, ...bounds);
    return [shortest, longest];
  };

  it('doubles from 100 ms, each delay between half and all of its ceiling', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => range(attempt))).toEqual([
      [50, 100],
      [100, 200],
      [200, 400],
      [400, 800],
      [800, 1600],
    ]);
  });

  it('never waits longer than 2 s, however many attempts failed', () => {
    expect(range(6)).toEqual([1000, 2000]);
    expect(range(1_000)).toEqual([1000, 2000]);
  });

  it('takes another base and cap', () => {
    expect(range(1, 1_000, 5_000)).toEqual([500, 1000]);
    expect(range(10, 1_000, 5_000)).toEqual([2500, 5000]);
  });

  it('spreads the retries of messages that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(5)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
