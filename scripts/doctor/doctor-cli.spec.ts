import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The real CLI on this machine, with a PATH that holds node and nothing else: as on a machine without Java. */
async function doctorWithNodeOnly(args: string[] = []): Promise<{ code: number; stdout: string }> {
  const bin = mkdtempSync(join(tmpdir(), 'doctor-path-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts', ...args], {
      cwd: REPOSITORY_ROOT,
      env: {
        PATH: bin,
        E2E_BROKERS: 'kafka',
        // Nothing listens on the discard port: the machine's own broker and database are left alone.
        KAFKA_BROKERS: '127.0.0.1:9',
        TEST_POSTGRES_URL: 'postgres://postgres@127.0.0.1:9/test',
      },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe('npm run doctor, the real CLI', () => {
  it('names Java as missing, with the command that installs it, and exits 1', async () => {
    const { code, stdout } = await doctorWithNodeOnly();

    expect(stdout).toMatch(/MISSING\s+Java 17\+ \(Kafka\)\s+java not on PATH/);
    expect(stdout).toContain('sudo apt-get install -y openjdk-17-jre-headless maven');
    expect(code).toBe(1);
  }, 30_000);

  it('answers --help with its usage and exit 0', async () => {
    const { code, stdout } = await doctorWithNodeOnly(['--help']);

    expect(stdout).toContain('usage: npm run doctor');
    expect(stdout).toMatch(/^examples:\n {2}npm run doctor/m);
    expect(code).toBe(0);
  }, 30_000);
});
