import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CachedProbe } from './cached-probe.js';

const silentLogger = () => {
  const logger = new Logger('test');
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  jest.spyOn(logger, 'log').mockImplementation(() => undefined);
  return { logger, warn };
};

describe('CachedProbe', () => {
  it('answers a burst of questions with one probe', async () => {
    const probe = jest.fn(async () => undefined);
    const cached = new CachedProbe(probe, { subject: 'broker', logger: silentLogger().logger, cacheMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 200 }, () => cached.reachable()));
    expect(answers.every(Boolean)).toBe(true);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('probes again once the answer is older than cacheMs', async () => {
    const probe = jest.fn(async () => undefined);
    const cached = new CachedProbe(probe, { subject: 'broker', logger: silentLogger().logger, cacheMs: 0 });
    await cached.reachable();
    await cached.reachable();
    expect(probe).toHaveBeenCalledTimes(2);
  });

  it('counts a probe without an answer as unreachable, and never starts a second one beside it', async () => {
    const probe = jest.fn(() => new Promise<void>(() => undefined));
    const cached = new CachedProbe(probe, {
      subject: 'broker',
      logger: silentLogger().logger,
      cacheMs: 0,
      timeoutMs: 20,
    });
    await expect(cached.reachable()).resolves.toBe(false);
    await expect(cached.reachable()).resolves.toBe(false);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('logs the cause when it goes down, then at most once per logEveryMs', async () => {
    const { logger, warn } = silentLogger();
    const cached = new CachedProbe(() => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5672')), {
      subject: 'broker',
      logger,
      cacheMs: 0,
      logEveryMs: 60_000,
    });
    for (let call = 0; call < 20; call += 1) await cached.reachable();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('ECONNREFUSED 10.1.2.3:5672');
  });
});
