import { runFromSources } from '#testing';
import { ScratchCopy } from '../../scripts/generators/scratch-copy.js';

/** Jest runs in the repository's root. */
const ROOT = process.cwd();

/** Runs a script as its npm script does (TypeScript through tsx), without building anything. */
const runScript = (script: string, args: string[], cwd = ROOT) => runFromSources(script, args, { cwd });

/** The generators' --dry-run: long for the unit project (each one types and imports the whole repository). */
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
