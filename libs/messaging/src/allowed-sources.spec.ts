import { parseAllowedSources, untrustedSource } from './allowed-sources.js';
import { loadMessagingConfig } from './messaging.config.js';

describe('MESSAGING_ALLOWED_SOURCES', () => {
  it('allows any source for every type when unset or empty', () => {
    for (const raw of [undefined, '', ' ; ']) {
      expect(untrustedSource(parseAllowedSources(raw), 'order.created', '/anyone')).toBeUndefined();
    }
  });

  it('restricts only the types it lists, to the sources it lists', () => {
    const allowed = parseAllowedSources(
      ' order.created = /order-service , /orders-v2 ; inventory.reserved=/inventory-service',
    );
    expect(untrustedSource(allowed, 'order.created', '/order-service')).toBeUndefined();
    expect(untrustedSource(allowed, 'order.created', '/orders-v2')).toBeUndefined();
    expect(untrustedSource(allowed, 'order.created', '/intruder')).toBe(
      'source "/intruder" may not publish order.created; allowed: /order-service, /orders-v2',
    );
    expect(untrustedSource(allowed, 'inventory.rejected', '/intruder')).toBeUndefined();
  });

  it.each([
    ['order.created', 'expected type=source[,source...]'],
    ['=/order-service', 'expected type=source[,source...]'],
    ['order.create=/order-service', 'unknown event type; known: order.created, inventory.reserved, inventory.rejected'],
    ['order.created=/a;order.created=/b', 'the type is listed twice'],
    ['order.created=/a,,/b', 'every source must be 1 to 256 characters without control characters'],
    ['order.created=', 'every source must be 1 to 256 characters without control characters'],
  ])('refuses %p at start, naming the entry', (raw, problem) => {
    expect(() => loadMessagingConfig('inventory-service', { MESSAGING_ALLOWED_SOURCES: raw })).toThrow(problem);
    expect(() => parseAllowedSources(raw)).toThrow(/^MESSAGING_ALLOWED_SOURCES entry "/);
  });
});

describe('MESSAGING_MAX_EVENT_BYTES', () => {
  it('defaults to 256 KiB', () => {
    expect(loadMessagingConfig('inventory-service', {}).maxEventBytes).toBe(262_144);
    expect(loadMessagingConfig('inventory-service', { MESSAGING_MAX_EVENT_BYTES: '65536' }).maxEventBytes).toBe(65_536);
  });

  it.each(['abc', '0', '1023', '1.5', '-1', '99999999999'])('refuses %p at start', (raw) => {
    expect(() => loadMessagingConfig('inventory-service', { MESSAGING_MAX_EVENT_BYTES: raw })).toThrow(
      `MESSAGING_MAX_EVENT_BYTES must be an integer from 1024 to 67108864; got "${raw}"`,
    );
  });
});
