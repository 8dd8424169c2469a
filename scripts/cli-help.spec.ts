import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScratchCopy } from './generators/scratch-copy.js';

/** Jest runs in the repository's root. */
const ROOT = process.cwd();

// The libraries' #aliases taken to their sources, as the scripts that boot Nest do: no build needed.
const SOURCES_HOOKS = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register('./scripts/typescript-hooks.js', ${JSON.stringify(
    pathToFileURL(`${ROOT}/`).href,
  )});`,
)}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a script as its npm script does (TypeScript through tsx), without building anything. */
function runScript(script: string, args: string[], cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', SOURCES_HOOKS, join(cwd, script), ...args],
      // Jest's NODE_OPTIONS (VM modules) is not the scripts' own.
      { cwd, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every npm script that takes options, and the options its help must name. */
const SCRIPTS_WITH_OPTIONS: Record<string, { script: string; options: string[] }> = {
  'new:service': { script: 'scripts/new-service.ts', options: ['--consumes', '--publishes', '--dry-run', '--help'] },
  'new:event': { script: 'scripts/new-event.ts', options: ['--publisher', '--consumer', '--dry-run', '--help'] },
  'dead-letters': {
    script: 'scripts/dead-letters.ts',
    options: ['list', 'replay', 'purge', 'parked', '--service', '--dry-run', '--timeout', '--help'],
  },
  bench: { script: 'bench/run.ts', options: ['--broker', '--layers', '--quick', '--update-readme', '--help'] },
  dev: { script: 'scripts/dev.ts', options: ['<service>', '--help'] },
};

describe('--help of every npm script that takes options', () => {
  const runs = new Map<string, Promise<Run>>();
  beforeAll(() => {
    for (const [name, { script }] of Object.entries(SCRIPTS_WITH_OPTIONS))
      runs.set(name, runScript(script, ['--help']));
  });

  it.each(Object.entries(SCRIPTS_WITH_OPTIONS))(
    'npm run %s -- --help exits 0 with its usage, options and examples',
    async (name, { options }) => {
      const { code, stdout, stderr } = await runs.get(name)!;
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toContain(`usage: npm run ${name}`);
      for (const option of options) expect(stdout).toContain(option);
      expect(stdout).toMatch(/^examples:\n {2}(BROKER=\w+ )?npm run /m);
    },
    180_000,
  );
});

describe('--dry-run of the generators', () => {
  // In a scratch copy of the repository, so that what the command might write is seen, and nothing here changes.
  let copy: ScratchCopy;
  beforeAll(() => {
    copy = ScratchCopy.of(ROOT);
  });
  afterAll(() => copy?.dispose());

  it('new:service and new:event say what they would create and change, and write nothing', async () => {
    const [service, event] = await Promise.all([
      runScript('scripts/new-service.ts', ['billing', '--consumes', 'order.created', '--dry-run'], copy.path),
      runScript(
        'scripts/new-event.ts',
        ['order.shipped', '--publisher', 'inventory-service', '--consumer', 'order-service', '--dry-run'],
        copy.path,
      ),
    ]);
    expect(service).toMatchObject({ code: 0, stderr: '' });
    expect(service.stdout).toMatch(/^dry run: nothing was written/);
    expect(service.stdout).toMatch(/^create \d+ file\(s\):\n(.*\n)*? {2}apps\/billing-service\/src\/main\.ts$/m);
    expect(service.stdout).toMatch(/^change \d+ file\(s\):\n(.*\n)*? {2}libs\/events\/src\/event-contracts\.ts$/m);
    expect(event).toMatchObject({ code: 0, stderr: '' });
    expect(event.stdout).toContain('  libs/events/src/order-shipped.event.ts');
    expect(event.stdout).toContain('  apps/order-service/src/orders/on-order-shipped.service.ts');
    expect(copy.differences()).toEqual({ created: [], changed: [] });
  }, 300_000);

  it('refuses in a dry run what a real run refuses, with its exit code', async () => {
    const taken = await runScript('scripts/new-event.ts', [
      'order.created',
      '--publisher',
      'order-service',
      '--dry-run',
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('error: order.created exists already');
  }, 120_000);
});
