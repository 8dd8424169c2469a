import { randomUUID } from 'node:crypto';
import { OrderCreated } from './order-created.event.js';
import { isPrintableText } from './printable-text.js';
import { InvalidEventDataError, validateEventData } from './validate-event-data.js';

describe('printable text', () => {
  it.each([
    ['plain ASCII', 'alice'],
    ['spaces and punctuation', 'Alice O’Brien, Jr. (#42)'],
    ['other scripts', 'Zoë Łukasiewicz 山田太郎 مريم'],
    ['emoji outside the BMP', 'bob 🚀'],
  ])('accepts %s', (_, text) => {
    expect(isPrintableText(text)).toBe(true);
  });

  it.each([
    ['NUL', 'ali\u0000ce'],
    ['a terminal escape', 'alice\u001b[31mred'],
    ['a tab', 'ali\tce'],
    ['a newline', 'alice\n'],
    ['DEL', 'alice\u007f'],
    ['a C1 control', 'alice\u009b'],
    ['a right-to-left override', 'alice\u202egpj.exe'],
    ['a zero-width space', 'ali\u200bce'],
    ['a lone surrogate', 'alice\ud800'],
    ['a line separator', 'alice\u2028'],
  ])('refuses %s', (_, text) => {
    expect(isPrintableText(text)).toBe(false);
  });

  it('is part of the order.created contract', () => {
    const data = {
      orderId: randomUUID(),
      customerId: 'mallory\u001b]0;pwned\u0007',
      items: [{ sku: 'A', quantity: 1 }],
    };
    expect(() => validateEventData(OrderCreated, data)).toThrow(InvalidEventDataError);
    expect(() => validateEventData(OrderCreated, data)).toThrow(/customerId must contain printable characters only/);
  });
});
