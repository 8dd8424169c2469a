import { isTraceparent, isTracestate } from './trace-context.js';

describe('W3C trace context', () => {
  it.each([
    ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', true],
    ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00', true],
    ['00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01', false],
    ['00-00000000000000000000000000000000-b7ad6b7169203331-01', false],
    ['00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01', false],
    ['ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', false],
    ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra', false],
    ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01', false],
    ['', false],
  ])('traceparent %p is valid: %p', (value, expected) => {
    expect(isTraceparent(value)).toBe(expected);
  });

  it('refuses what is not a string', () => {
    expect(isTraceparent(42)).toBe(false);
    expect(isTracestate(undefined)).toBe(false);
  });

  it.each([
    ['congo=t61rcWkgMzE', true],
    ['rojo=00f067aa0ba902b7, congo=t61rcWkgMzE', true],
    ['tenant@vendor=value', true],
    ['', true],
    ['Upper=1', false],
    ['a=1,a=2', false],
    ['novalue', false],
    ['a=x=y', false],
    [`a=${'x'.repeat(600)}`, false],
    [Array.from({ length: 33 }, (_, index) => `k${index}=v`).join(','), false],
  ])('tracestate %p is valid: %p', (value, expected) => {
    expect(isTracestate(value)).toBe(expected);
  });
});
