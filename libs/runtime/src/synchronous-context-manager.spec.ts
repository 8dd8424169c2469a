import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { SynchronousContextManager } from './synchronous-context-manager.js';

const key = createContextKey('span');
const traced = ROOT_CONTEXT.setValue(key, 'delivery span');

describe('SynchronousContextManager', () => {
  const manager = new SynchronousContextManager();

  it('makes a context active while its function runs, and restores the one before, even on a throw', () => {
    const seen = manager.with(traced, () => manager.active().getValue(key));
    expect(seen).toBe('delivery span');
    expect(manager.active()).toBe(ROOT_CONTEXT);
    expect(() =>
      manager.with(traced, () => {
        throw new Error('handler failed');
      }),
    ).toThrow('handler failed');
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('does not follow an await: that is what the explicit hand-over is for', async () => {
    const afterAwait = await manager.with(traced, async () => {
      await Promise.resolve();
      return manager.active().getValue(key);
    });
    expect(afterAwait).toBeUndefined();
  });

  it('runs a bound function in its context, with its this and arguments', () => {
    const target = {
      prefix: 'in',
      read(suffix: string) {
        return `${this.prefix} ${String(manager.active().getValue(key))} ${suffix}`;
      },
    };
    const bound = manager.bind(traced, target.read);
    expect(bound.call(target, 'now')).toBe('in delivery span now');
  });
});
