import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_ROOT } from './repository-root.js';

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Node's arguments that run TypeScript from the sources, without a build: tsx, and the libraries'
 * #aliases taken to their sources with decorator metadata (scripts/typescript-hooks.js), as the
 * scripts that boot Nest do. `root` is the repository whose hooks and aliases serve.
 */
export function fromSourcesArgs(root = REPOSITORY_ROOT): string[] {
  const hooks = `import { register } from 'node:module'; register('./scripts/typescript-hooks.js', ${JSON.stringify(
    pathToFileURL(`${root}/`).href,
  )});`;
  return ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(hooks)}`];
}

/** Runs a script (TypeScript, or JavaScript importing TypeScript) from the sources; never rejects. */
export function runFromSources(
  script: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ScriptRun> {
  const cwd = options.cwd ?? REPOSITORY_ROOT;
  return new Promise((done) => {
    execFile(
      process.execPath,
      [...fromSourcesArgs(cwd), resolve(cwd, script), ...args],
      // Jest's NODE_OPTIONS (VM modules) is not the scripts' own.
      {
        cwd,
        env: { ...process.env, ...options.env, NODE_OPTIONS: '' },
        timeout: options.timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => done({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}
