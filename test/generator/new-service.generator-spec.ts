import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { brokerAdminFor, describeOn } from '#testing';

/**
 * `npm run new:service` end to end. In a copy of the repository (its node_modules linked,
 * not copied), it generates a `shipping` service that consumes inventory.reserved and publishes the new
 * shipment.scheduled; then lint on what it wrote, the type check and the build pass, and the generated
 * unit test, the documents' and compose's checks, the generated e2e test and an order placed through
 * order-service that leads to shipment.scheduled (read by a raw client) pass against RabbitMQ, the
 * fastest broker here. Generation and build times are reported, not asserted (goal: under 60 s).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const BROKER = 'rabbitmq' as const;
const SERVICE = 'shipping-service';
/** Never copied: dependencies (linked instead), build output, history and local state. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', '.brokers', '.data', 'coverage']);

interface Run {
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command in the copy; a failure shows everything it printed. */
function run(copy: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((done, fail) => {
    execFile(
      command,
      args,
      { cwd: copy, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`${command} ${args.join(' ')} exited ${error.code}:\n${stdout}\n${stderr}`));
        else done({ stdout, stderr, ms: Math.round(performance.now() - started) });
      },
    );
  });
}

describeOn(BROKER, 'npm run new:service', () => {
  let copy: string;
  const bin = (name: string) => join(copy, 'node_modules', '.bin', name);

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'new-service-'));
    cpSync(ROOT, copy, {
      recursive: true,
      filter: (source) => {
        const path = relative(ROOT, source);
        return !NOT_COPIED.has(path.split(sep)[0]) && !/\.sqlite(-\w+)?$/.test(path);
      },
    });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  afterAll(async () => {
    // What the run made on the shared broker: the service's queues and its user; the rest stays.
    await brokerAdminFor(BROKER).deleteRun({ marker: SERVICE, types: [], services: [SERVICE] });
    await run(ROOT, 'rabbitmqctl', ['-q', 'delete_user', SERVICE]).catch(() => undefined);
    if (copy) rmSync(copy, { recursive: true, force: true });
  }, 60_000);

  it('makes a service that passes lint, type check, build, its own tests and the order flow', async () => {
    const args = ['shipping', '--consumes', 'inventory.reserved', '--publishes', 'shipment.scheduled'];
    const generation = await run(copy, 'npm', ['run', '--silent', 'new:service', '--', ...args]);
    const written = generation.stdout
      .split('next:')[0]
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim());
    expect(written).toEqual(
      expect.arrayContaining([
        `apps/${SERVICE}/src/main.ts`,
        `apps/${SERVICE}/src/app.module.ts`,
        `apps/${SERVICE}/src/shipping/inventory-reserved-events.controller.ts`,
        `apps/${SERVICE}/src/shipping/on-inventory-reserved.service.ts`,
        `apps/${SERVICE}/src/shipping/publish-shipment-scheduled.service.ts`,
        `test/e2e/${SERVICE}.e2e-spec.ts`,
        'libs/events/src/shipment-scheduled.event.ts',
        'docs/asyncapi.yaml',
        `docs/openapi/${SERVICE}.json`,
        'nest-cli.json',
        'package.json',
        'docker-compose.yml',
        'Dockerfile',
        'docs/architecture.md',
        'docs/events-on-the-wire.md',
      ]),
    );
    const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts['start:shipping']).toBe(`node dist/apps/${SERVICE}/src/main.js`);

    // Generating it again is refused, and changes nothing.
    await expect(run(copy, 'npm', ['run', '--silent', 'new:service', '--', ...args])).rejects.toThrow(
      `apps/${SERVICE} exists already`,
    );

    // Lint on what it wrote (the rest of the tree is what `npm run lint` of the repository checks).
    await run(
      copy,
      bin('eslint'),
      written.filter((path) => path.endsWith('.ts')),
    );
    await run(copy, bin('prettier'), ['--check', '--ignore-unknown', ...written]);
    await run(copy, bin('depcruise'), [
      `apps/${SERVICE}`,
      'libs',
      'scripts',
      'test/e2e',
      '--config',
      '.dependency-cruiser.mjs',
    ]);
    await run(copy, bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
    const build = await run(copy, 'npm', ['run', '--silent', 'build']);
    console.log(
      `[generator report] new:service ${generation.ms} ms, build ${build.ms} ms: ` +
        `${((generation.ms + build.ms) / 1000).toFixed(1)} s together (goal: under 60 s)`,
    );

    // Its RabbitMQ user, as `npm run brokers:up` makes every service's.
    await run(copy, 'node', ['--import', 'tsx', 'scripts/brokers/rabbitmq/provision-users.ts']);
    writeFileSync(
      join(copy, 'test/e2e/order-to-shipment.e2e-spec.ts'),
      readFileSync(join(ROOT, 'test/generator/order-to-shipment.e2e-spec.ts.template'), 'utf8'),
    );
    const tests = await run(
      copy,
      bin('jest'),
      [
        '--runInBand',
        '--selectProjects',
        'unit',
        'e2e',
        '--testPathPatterns',
        `apps/${SERVICE}/`,
        'test/docs/',
        'test/compose/',
        `test/e2e/${SERVICE}\\.`,
        'test/e2e/order-to-shipment\\.',
      ],
      { NODE_OPTIONS: '--experimental-vm-modules', E2E_BROKERS: BROKER },
    );
    for (const suite of [
      `apps/${SERVICE}/src/shipping/publish-shipment-scheduled.service.spec.ts`,
      'test/docs/api-documents.spec.ts',
      'test/compose/docker-compose.spec.ts',
      `test/e2e/${SERVICE}.e2e-spec.ts`,
      'test/e2e/order-to-shipment.e2e-spec.ts',
    ]) {
      expect(tests.stderr).toMatch(new RegExp(`^PASS \\w+ ${suite.replace(/\./g, '\\.')}( |$)`, 'm'));
    }
  }, 600_000);
});
