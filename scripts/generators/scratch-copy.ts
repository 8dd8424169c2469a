import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/** What a copy leaves out: installed, built, local state and history, none of which a generator edits. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', '.brokers', '.data', 'coverage']);
const isLocalDatabase = (path: string) => /\.sqlite(-\w+)?$/.test(path);

/**
 * A throw-away copy of the repository's working tree, its node_modules linked rather than copied. It
 * remembers what it held when made, so that what a command did in it is told apart from what others
 * changed in the repository meanwhile.
 */
export class ScratchCopy {
  private constructor(
    readonly path: string,
    private readonly made: Map<string, string>,
  ) {}

  static of(root: string): ScratchCopy {
    const path = mkdtempSync(join(tmpdir(), 'generator-dry-run-'));
    cpSync(root, path, {
      recursive: true,
      filter: (source) => {
        const inRepository = relative(root, source);
        return !NOT_COPIED.has(inRepository.split(sep)[0]!) && !isLocalDatabase(inRepository);
      },
    });
    symlinkSync(join(root, 'node_modules'), join(path, 'node_modules'), 'dir');
    return new ScratchCopy(path, hashes(path));
  }

  /** The files made since the copy was, and those whose content changed. */
  differences(): { created: string[]; changed: string[] } {
    const created: string[] = [];
    const changed: string[] = [];
    for (const [file, hash] of hashes(this.path)) {
      const before = this.made.get(file);
      if (before === undefined) created.push(file);
      else if (before !== hash) changed.push(file);
    }
    return { created: created.sort(), changed: changed.sort() };
  }

  dispose(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Each file under `root` (the linked node_modules left out) and a hash of its content. */
function hashes(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile())
        found.set(relative(root, path), createHash('sha1').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return found;
}
