import { checkJsonShape, JsonShapeError, parseStrictJson } from './strict-json.js';

const parse = (text: string, maxDepth = 4) => parseStrictJson(text, { maxDepth });

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses, strings with braces, quotes and escapes included', () => {
    const text = '{"a":"}{[\\"","b":[1,{"c":"\\u0041"}],"d":null}';
    expect(parse(text)).toEqual(JSON.parse(text));
  });

  it('sees a repeated key even when it is spelt with escapes', () => {
    expect(() => parse('{"id":1,"\\u0069d":2}')).toThrow(new JsonShapeError('key "id" appears twice', []));
  });

  it('allows the same key in sibling objects', () => {
    expect(parse('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'valueOf', 'toString', 'hasOwnProperty'])(
    'refuses the key %s and says where',
    (key) => {
      expect(() => parse(`{"x":[0,{"${key}":{}}]}`)).toThrow(`x.1: key "${key}" is not allowed`);
    },
  );

  it('refuses nesting beyond the limit, and allows it up to the limit', () => {
    expect(parse('[[[[1]]]]')).toEqual([[[[1]]]]);
    expect(() => parse('[[[[[1]]]]]')).toThrow('0.0.0.0: nested deeper than 4 levels');
  });

  it('leaves syntax errors to JSON.parse', () => {
    expect(() => parse('{"a":')).toThrow(SyntaxError);
    expect(() => parse('"unterminated')).toThrow(SyntaxError);
  });

  it.each([
    ['an unknown escape', '{"a\\qb":1}'],
    ['a raw control character', '{"a\tb":1}'],
  ])('leaves a key with %s to JSON.parse: the shape check passes it, JSON.parse refuses it', (_, text) => {
    expect(() => checkJsonShape(text, { maxDepth: 4 })).not.toThrow();
    expect(() => parse(text)).toThrow(SyntaxError);
  });
});
