import { jsonLine, printable } from './terminal-safe-text.js';

describe('printable', () => {
  it('writes terminal controls from a message as visible escapes, on one line', () => {
    const hostile = 'ok\u001b[2J\u001b]0;pwned\u0007\r\nnext\u0000\u007f\u009b31m\u202etxt.exe';
    const shown = printable(hostile);
    expect(shown).toBe('ok\\x1b[2J\\x1b]0;pwned\\x07\\r\\nnext\\x00\\x7f\\x9b31m\\u202etxt.exe');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });

  it('leaves ordinary text, including non-Latin letters and emoji, as it is', () => {
    expect(printable('Grüße, 東京 🙂 {"a":1}')).toBe('Grüße, 東京 🙂 {"a":1}');
  });
});

describe('jsonLine', () => {
  it('is one line of JSON with the same value, without a raw control, C1 or bidi character', () => {
    const value = { body: 'a\u001bb\u0085c\u2028d\u202ee\nf' };
    const line = jsonLine(value);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
    expect(JSON.parse(line)).toEqual(value);
  });
});
