import { runFromSources, type ScriptRun } from '#testing';

/** Jest runs in the repository's root. */
const ROOT = process.cwd();

/** Runs a script as its npm script does (TypeScript through tsx), without building anything. */
const runScript = (script: string, args: string[], cwd = ROOT) => runFromSources(script, args, { cwd });

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
  doctor: { script: 'scripts/doctor.ts', options: ['--help', 'E2E_BROKERS', 'BROKER'] },
};

describe('--help of every npm script that takes options', () => {
  const runs = new Map<string, Promise<ScriptRun>>();
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
