import { execFile } from 'node:child_process';
import { relative, join } from 'node:path';
import { promisify } from 'node:util';
import type { Generated } from './generate.js';
import { ScratchCopy } from './scratch-copy.js';

/** Asks a generator command for its result as one JSON line instead of the text for a person. */
export const JSON_REPORT_VARIABLE = 'GENERATOR_REPORT';

export interface DryRun {
  created: string[];
  changed: string[];
  next: string[];
}

/** A generator command that failed in the scratch copy: what it printed, and its exit code. */
export class DryRunFailed extends Error {
  constructor(
    readonly stderr: string,
    readonly exitCode: number,
  ) {
    super(stderr);
  }
}

/**
 * --dry-run: the same command without --dry-run, run in a scratch copy of the repository. The
 * generators read back what they wrote (libs/events, the new AppModule for its OpenAPI document), so
 * only a real run shows every file a real run touches; the repository itself is never written.
 */
export async function dryRun(root: string, script: string, args: string[]): Promise<DryRun> {
  const copy = ScratchCopy.of(root);
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(copy.path, relative(root, script)), ...args],
      {
        cwd: copy.path,
        env: { ...process.env, [JSON_REPORT_VARIABLE]: 'json' },
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { stderr?: string; code?: number }) => {
      throw new DryRunFailed(error.stderr ?? String(error), typeof error.code === 'number' ? error.code : 1);
    });
    const generated = JSON.parse(stdout.trim().split('\n').at(-1)!) as Generated;
    return { ...copy.differences(), next: generated.next };
  } finally {
    copy.dispose();
  }
}
