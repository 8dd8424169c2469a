/**
 * npm run dev [-- <service> ...]: the services in watch mode (all of apps/ unless named). TypeScript
 * compiles on every change (`tsc --watch` with the build's own settings), and each service runs as
 * `node --watch dist/apps/<service>/src/main.js`, which restarts it when a file it loaded changed: its
 * own code or a library's, as the #aliases lead to dist/. Every line is prefixed with who said it;
 * Ctrl-C stops everything. Each service logs in to RabbitMQ as its own user, on its default port and
 * its .data/<service>.sqlite, as `npm run start:*` would; BROKER picks the broker (default rabbitmq).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const apps = readdirSync(resolve(ROOT, 'apps')).filter((app) => existsSync(resolve(ROOT, `apps/${app}/src/main.ts`)));
const HELP = `usage: npm run dev [-- <service> ...]
  <service>                 a folder of apps/ to run (default: every service there: ${apps.join(', ')})
  -h, --help                this help
BROKER picks the broker (default rabbitmq), started or reused first; LOG_FORMAT=json keeps JSON logs.
examples:
  npm run dev
  npm run dev -- order-service
  BROKER=kafka npm run dev`;
const { positionals: wanted, values } = parseArgs({
  allowPositionals: true,
  options: { help: { type: 'boolean', short: 'h', default: false } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const unknown = wanted.filter((name) => !apps.includes(name));
if (unknown.length > 0) {
  console.error(`error: no service ${unknown.join(', ')} in apps/ (there are: ${apps.join(', ')})`);
  process.exit(1);
}
const services = wanted.length > 0 ? wanted : apps;
// The broker, once the arguments are known to be right (so that --help starts nothing); up.sh says
// itself what went wrong.
try {
  execFileSync('bash', [resolve(ROOT, 'scripts/brokers/up.sh')], {
    stdio: 'inherit',
    env: { ...process.env, BROKERS: process.env.BROKER || 'rabbitmq' },
  });
} catch {
  process.exit(1);
}
const children: ChildProcess[] = [];
let stopping = false;

/** Starts a child whose every output line is prefixed with `label`; `onLine` sees each line too. */
function start(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, onLine = (_: string) => {}) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      console.log(`[${label}] ${line}`);
      onLine(line);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) console.log(`[${label}] exited (${code ?? signal})`);
  });
  return child;
}

function stop(): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Loaded once help is out of the way: they need the libraries, built or compiled.
const { loadBrokerConnections } = await import('#messaging');
const { serviceRabbitmqUrl } = await import('#testing');
const brokerUrl = loadBrokerConnections(process.env).rabbitmqUrl;
let started = false;
// The services start once the first compilation is written, and restart on each later one.
start(
  'tsc',
  process.execPath,
  [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'],
  {},
  (line) => {
    if (started || !/Watching for file changes/.test(line)) return;
    started = true;
    for (const service of services) {
      start(service, process.execPath, ['--watch', `dist/apps/${service}/src/main.js`], {
        RABBITMQ_URL: serviceRabbitmqUrl(service, brokerUrl),
        LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
      });
    }
  },
);
