import { stringify } from 'yaml';

/**
 * Edits a hand-written YAML file by lines, so that everything not edited stays byte for byte as it was
 * (comments, quoting, the way long text is wrapped), which a parse and re-stringify would not keep.
 * Paths name mapping keys only; new content is rendered with the `yaml` package and indented into place.
 */
export class YamlLines {
  private readonly lines: string[];

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.lines = text.split('\n');
  }

  toString(): string {
    return this.lines.join('\n');
  }

  has(path: string[]): boolean {
    return this.find(path) !== undefined;
  }

  /** Adds `key: value` as the last entry of the mapping at `path` (or right after the entry `after`). */
  addToMap(path: string[], key: string, value: unknown, options: { after?: string; blankLine?: boolean } = {}): void {
    const parent = this.block(path);
    const keyLine = this.lines[parent.line];
    if (parent.line >= 0 && /:\s*\{\}\s*$/.test(keyLine)) this.lines[parent.line] = keyLine.replace(/\s*\{\}\s*$/, '');
    const childIndent = path.length === 0 ? 0 : parent.indent + 2;
    const end = options.after ? this.block([...path, options.after]).end : parent.end;
    const rendered = indent(stringify({ [key]: value }, { lineWidth: 0 }), childIndent);
    this.lines.splice(end, 0, ...(options.blankLine ? ['', ...rendered] : rendered));
  }

  /** The raw lines of the entry at `path`, its key line first (to copy one entry's shape into another). */
  entryText(path: string[]): string {
    const { line, end } = this.block(path);
    return this.lines.slice(line, end).join('\n');
  }

  /** Inserts raw lines (already indented) right after the entry at `path`, after a blank line. */
  insertAfter(path: string[], text: string): void {
    this.lines.splice(this.block(path).end, 0, '', ...text.split('\n'));
  }

  /** Appends an item to the sequence at `path`; `key: []` becomes a block sequence. */
  addToSequence(path: string[], item: unknown): void {
    const target = this.block(path);
    const keyLine = this.lines[target.line];
    if (/:\s*\[\]\s*$/.test(keyLine)) this.lines[target.line] = keyLine.replace(/\s*\[\]\s*$/, '');
    this.lines.splice(target.end, 0, ...indent(stringify([item], { lineWidth: 0 }), target.indent + 2));
  }

  /** Replaces an entry's value, whatever it was (a scalar on its line, folded text, a mapping, a sequence). */
  setEntry(path: string[], value: unknown): void {
    const target = this.block(path);
    const rendered = indent(stringify({ [path.at(-1)!]: value }, { lineWidth: 0 }), target.indent);
    this.lines.splice(target.line, target.end - target.line, ...rendered);
  }

  /** Replaces the text of a literal block scalar (`key: |`), keeping its indentation. */
  setBlockText(path: string[], text: string): void {
    const target = this.block(path);
    if (!/:\s*\|\s*$/.test(this.lines[target.line]))
      throw new Error(`${this.file}: ${path.join('.')} is not a | block`);
    this.lines.splice(target.line + 1, target.end - target.line - 1, ...indent(text, target.indent + 2));
  }

  blockText(path: string[]): string {
    const target = this.block(path);
    return this.lines
      .slice(target.line + 1, target.end)
      .map((line) => line.slice(target.indent + 2))
      .join('\n');
  }

  private block(path: string[]): { line: number; indent: number; end: number } {
    const found = this.find(path);
    if (!found) throw new Error(`${this.file}: no ${path.join('.')} found; edit it by hand`);
    return found;
  }

  /** The key's line, its indentation, and the index after its last content line (blank lines excluded). */
  private find(path: string[]): { line: number; indent: number; end: number } | undefined {
    let range = { line: -1, indent: -2, end: this.lines.length };
    for (const key of path) {
      const keyLine = new RegExp(`^ {${range.indent + 2}}${escape(key)}:(\\s|$)`);
      let line = -1;
      for (let index = range.line + 1; index < range.end; index += 1) {
        if (keyLine.test(this.lines[index])) {
          line = index;
          break;
        }
      }
      if (line < 0) return undefined;
      const own = range.indent + 2;
      let end = line + 1;
      for (let index = line + 1; index < range.end; index += 1) {
        const text = this.lines[index];
        if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
        if (text.length - text.trimStart().length <= own && !text.trimStart().startsWith('- ')) break;
        if (text.length - text.trimStart().length < own) break;
        end = index + 1;
      }
      range = { line, indent: own, end };
    }
    return range.line < 0 ? { line: -1, indent: -2, end: this.lines.length } : range;
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function indent(text: string, spaces: number): string[] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? line : ' '.repeat(spaces) + line));
}
