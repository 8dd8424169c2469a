import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import prettier from 'prettier';
import { UsageError } from './names.js';

/**
 * The repository as the generators change it: files are read and written relative to its root, new
 * files are never written over existing ones, and every file touched is formatted with prettier at
 * the end, so generated code is formatted exactly as `npm run lint` expects.
 */
export class Workspace {
  private readonly touched = new Set<string>();

  constructor(readonly root: string) {}

  exists(path: string): boolean {
    return existsSync(resolve(this.root, path));
  }

  read(path: string): string {
    return readFileSync(resolve(this.root, path), 'utf8');
  }

  /** A new file; refuses to replace one that exists. */
  create(path: string, text: string): void {
    if (this.exists(path)) throw new UsageError(`${path} exists already: nothing was written over it`);
    this.write(path, text);
  }

  /** Rewrites an existing file with `change` applied to its text. */
  edit(path: string, change: (text: string) => string): void {
    this.write(path, change(this.read(path)));
  }

  private write(path: string, text: string): void {
    const file = resolve(this.root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    this.touched.add(path);
  }

  /** Formats every file written so far; returns their paths. */
  async format(): Promise<string[]> {
    const paths = [...this.touched].sort();
    for (const path of paths) {
      const file = resolve(this.root, path);
      const options = await prettier.resolveConfig(file);
      const info = await prettier.getFileInfo(file, { ignorePath: resolve(this.root, '.prettierignore') });
      if (info.ignored || !info.inferredParser) continue;
      writeFileSync(file, await prettier.format(readFileSync(file, 'utf8'), { ...options, filepath: file }));
    }
    return paths;
  }
}

/** Replaces the one place `anchor` matches in `text`; fails loudly when the file no longer has that shape. */
export function replaceOnce(text: string, anchor: RegExp, replacement: (match: string) => string, where: string) {
  const matches = [...text.matchAll(new RegExp(anchor.source, `${anchor.flags.replace('g', '')}g`))];
  if (matches.length !== 1) {
    throw new Error(`${where}: expected one place matching ${anchor}, found ${matches.length}; edit it by hand`);
  }
  const [match] = matches;
  return text.slice(0, match.index) + replacement(match[0]) + text.slice(match.index! + match[0].length);
}
