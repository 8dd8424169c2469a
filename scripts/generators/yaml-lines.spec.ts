import { YamlLines } from './yaml-lines.js';

const TEXT = `# a comment that stays
top:
  first:
    description: >-
      folded text that
      stays as wrapped
    list:
      - a
    empty: []
    map: {}

  second:
    value: 1
end: true
`;

describe('YamlLines', () => {
  it('adds entries and items where they belong and leaves every other line as it was', () => {
    const lines = new YamlLines(TEXT, 'test.yaml');
    lines.addToMap(['top'], 'third', { value: 3 }, { after: 'first', blankLine: true });
    lines.addToSequence(['top', 'first', 'list'], 'b');
    lines.addToSequence(['top', 'first', 'empty'], { name: 'x' });
    lines.addToMap(['top', 'first', 'map'], 'key', 'value');
    expect(lines.toString()).toBe(`# a comment that stays
top:
  first:
    description: >-
      folded text that
      stays as wrapped
    list:
      - a
      - b
    empty:
      - name: x
    map:
      key: value

  third:
    value: 3

  second:
    value: 1
end: true
`);
  });

  it('replaces an entry whatever its value was, and finds only full paths', () => {
    const lines = new YamlLines(TEXT, 'test.yaml');
    lines.setEntry(['top', 'first', 'description'], 'short');
    expect(lines.toString()).toContain('  first:\n    description: short\n    list:');
    expect(lines.has(['top', 'second', 'value'])).toBe(true);
    expect(lines.has(['second'])).toBe(false);
    expect(() => lines.setEntry(['top', 'missing'], 1)).toThrow('test.yaml: no top.missing found');
  });
});
