import { assertStrictJson, MAX_JSON_DEPTH, StrictJsonError } from './request-body-json.js';

describe('assertStrictJson', () => {
  const refusal = (text: string) => {
    try {
      assertStrictJson(text);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(StrictJsonError);
      expect((error as StrictJsonError).status).toBe(400);
      return (error as Error).message;
    }
  };

  it.each([
    ['an order', '{"customerId":"a","items":[{"sku":"A-1","quantity":2}]}'],
    ['whitespace everywhere', ' { "a" : [ 1 , 2.5 , -3e2 , 0.1 , 1e-7 ] , "b" : { } } '],
    ['the same name in sibling objects', '[{"a":1},{"a":2}]'],
    ['a name that is also a value', '{"a":"a","b":["a"]}'],
    ['escapes that look like structure', '{"a":"}{\\"[","b":"\\\\"}'],
    ['exactly the maximum depth', '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)],
    ['the largest safe integer', '{"n":9007199254740991}'],
    ['a double written in full', '{"n":0.30000000000000004}'],
    ['minus zero', '{"n":-0}'],
  ])('accepts %s', (_, text) => {
    expect(refusal(text)).toBeUndefined();
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it.each([
    ['1,500 nested arrays', '['.repeat(1500) + ']'.repeat(1500), 'nested deeper than 32'],
    ['one level too deep', '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1), 'nested deeper'],
    ['deep objects', '{"a":'.repeat(100) + '1' + '}'.repeat(100), 'nested deeper'],
    ['a duplicate name', '{"customerId":"a","customerId":"b"}', 'appears twice'],
    ['a duplicate name spelt with an escape', '{"ab":1,"\\u0061b":2}', 'appears twice'],
    ['a nested duplicate', '{"items":[{"sku":"A","sku":"B"}]}', 'appears twice'],
    ['__proto__', '{"__proto__":{"admin":true}}', '__proto__'],
    ['an escaped __proto__', '{"\\u005f_proto__":{}}', '__proto__'],
    ['constructor', '{"a":{"constructor":{}}}', 'constructor'],
    ['valueOf, which class-transformer would drop unseen', '{"customerId":"a","valueOf":{}}', 'valueOf'],
    ['a nested toString', '{"items":[{"toString":1}]}', 'toString'],
    ['a number out of range', '{"n":1e400}', 'out of range'],
    ['an integer beyond 2^53', '{"n":9007199254740993}', 'cannot be carried exactly'],
    ['a huge integer', `{"n":${'9'.repeat(400)}}`, 'out of range'],
    ['a number rounded by parsing', '{"n":1.0000000000000001}', 'more precise'],
  ])('refuses %s', (_, text, reason) => {
    expect(refusal(text)).toContain(reason);
  });

  it('never echoes a control character of a refused name', () => {
    expect(refusal('{"a\\u001b[31m":1,"a\\u001b[31m":2}')).not.toContain('\u001b');
  });

  it('leaves syntax errors to JSON.parse', () => {
    for (const text of ['{"a":', '{"a" 1}', '"unterminated', '{"a":"\\x"}', ']]]', 'nul']) {
      expect(refusal(text)).toBeUndefined();
    }
  });
});
