import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { domainOf, pascalCase } from './names.js';
import { replaceOnce, type Workspace } from './workspace.js';

const ARCHITECTURE_DOC = 'docs/architecture.md';
const EVENTS_DOC = 'docs/events-on-the-wire.md';

/** Each app's default port, as its main.ts gives it to loadServiceConfig. */
export function appPorts(workspace: Workspace): Map<string, number> {
  const ports = new Map<string, number>();
  for (const app of readdirSync(resolve(workspace.root, 'apps'))) {
    const main = `apps/${app}/src/main.ts`;
    if (!workspace.exists(main)) continue;
    const port = /loadServiceConfig\(\s*'[^']+'\s*,\s*\{\s*port:\s*(\d+)/.exec(workspace.read(main))?.[1];
    if (port) ports.set(app, Number(port));
  }
  return ports;
}

/** The first port after the apps' own that neither they nor anything in docker-compose.yml uses. */
export function freeServicePort(workspace: Workspace, taken: number[]): number {
  const ports = [...appPorts(workspace).values()];
  const used = new Set([...ports, ...taken]);
  let port = Math.max(2999, ...ports) + 1;
  while (used.has(port)) port += 1;
  return port;
}

export function registerInNestCli(workspace: Workspace, service: string): void {
  editJson(workspace, 'nest-cli.json', (config: { projects: Record<string, { type: string }> }) => {
    const project = {
      type: 'application',
      root: `apps/${service}`,
      entryFile: 'main',
      sourceRoot: `apps/${service}/src`,
    };
    config.projects = insertAfterLast(config.projects, ([, value]) => value.type === 'application', service, project);
  });
}

/** `npm run start:<domain>`, as `npm run start:order` starts order-service. */
export function registerStartScript(workspace: Workspace, service: string): string {
  const script = `start:${domainOf(service)}`;
  editJson(workspace, 'package.json', (manifest: { scripts: Record<string, string> }) => {
    if (script in manifest.scripts) throw new Error(`package.json has a script ${script} already`);
    const command = `node dist/apps/${service}/src/main.js`;
    manifest.scripts = insertAfterLast(manifest.scripts, ([name]) => name.startsWith('start:'), script, command);
  });
  return script;
}

export function registerInDockerfile(workspace: Workspace, service: string, port: number): void {
  workspace.edit('Dockerfile', (text) => {
    const withPort = replaceOnce(
      text,
      /\{ '[a-z0-9-]+': \d+(, '[a-z0-9-]+': \d+)* \}\[process\.env\.SERVICE\]/,
      (ports) => ports.replace(/ \}\[/, `, '${service}': ${port} }[`),
      'Dockerfile',
    );
    return replaceOnce(
      withPort,
      /(^# +docker build --build-arg SERVICE=.*\n)(?!# +docker build)/m,
      (line) => `${line}#   docker build --build-arg SERVICE=${service} -t ${service} .\n`,
      'Dockerfile',
    );
  });
}

/** Its RabbitMQ password variable in .env.example, next to the others, with the local default. */
export function registerPasswordVariable(workspace: Workspace, variable: string, localDefault: string): void {
  workspace.edit('.env.example', (text) =>
    replaceOnce(
      text,
      /(^RABBITMQ_[A-Z0-9_]+_SERVICE_PASSWORD=.*\n)(?!RABBITMQ_[A-Z0-9_]+_SERVICE_PASSWORD)/m,
      (line) => `${line}${variable}=${localDefault}\n`,
      '.env.example',
    ),
  );
}

/** Prometheus of compose's observability profile scrapes its GET /metrics too. */
export function registerScrapeTarget(workspace: Workspace, service: string, port: number): void {
  const path = 'deploy/observability/prometheus.yml';
  if (!workspace.exists(path)) return;
  workspace.edit(
    path,
    (text) =>
      `${text.trimEnd()}\n  - job_name: ${service}\n    static_configs:\n      - targets: ['${service}:${port}']\n`,
  );
}

/** Its OpenAPI document is built, committed and checked like the others' (scripts/openapi-document.ts). */
export function registerOpenApiDocument(workspace: Workspace, service: string): void {
  const path = 'scripts/openapi-document.ts';
  const alias = `${pascalCase(domainOf(service))}AppModule`;
  workspace.edit(path, (text) => {
    const imported = replaceOnce(
      text,
      /(^import \{ AppModule as \w+ \} from .*\n)(?!import \{ AppModule)/m,
      (line) => `${line}import { AppModule as ${alias} } from '../apps/${service}/src/app.module.js';\n`,
      path,
    );
    return replaceOnce(
      imported,
      /(export const DOCUMENTED_SERVICES[^\n]*\{\n[^}]*?)\n\};/,
      (block) => block.replace(/\n\};$/, `\n  '${service}': (config) => ${alias}.register(config),\n};`),
      path,
    );
  });
}

/** The tree of the code in docs/architecture.md gets the service's line, after the other apps'. */
export function registerInArchitectureDoc(workspace: Workspace, service: string): void {
  const domain = domainOf(service);
  workspace.edit(ARCHITECTURE_DOC, (text) =>
    replaceOnce(
      text,
      /(^apps\/[a-z0-9-]+\/src\/ .*\n)(?!apps\/)/m,
      (line) => {
        const column = line.indexOf(line.trimStart().split(/\s{2,}/)[1] ?? '');
        const path = `apps/${service}/src/`;
        return `${line}${path.padEnd(Math.max(column, path.length + 2))}main.ts, app.module.ts, ${domain}/ (made by npm run new:service)\n`;
      },
      ARCHITECTURE_DOC,
    ),
  );
}

/** A row in docs/events-on-the-wire.md's table of the event types. */
export function registerEventInDocs(workspace: Workspace, type: string, publisher: string): void {
  workspace.edit(EVENTS_DOC, (text) =>
    replaceOnce(
      text,
      /(^\| `[a-z0-9.-]+` +\| `\/[a-z0-9-]+` +\|.*\n)(?!\| `)/m,
      (row) => `${row}| \`${type}\` | \`/${publisher}\` | subject id | \`{ subjectId }\` (fill in its fields) |\n`,
      EVENTS_DOC,
    ),
  );
}

function editJson<T>(workspace: Workspace, path: string, change: (value: T) => void): void {
  workspace.edit(path, (text) => {
    const value = JSON.parse(text) as T;
    change(value);
    return `${JSON.stringify(value, null, 2)}\n`;
  });
}

/** A copy of `record` with `key: value` right after the last entry that `match`es (or at the end). */
function insertAfterLast<V>(
  record: Record<string, V>,
  match: (entry: [string, V]) => boolean,
  key: string,
  value: V,
): Record<string, V> {
  const entries = Object.entries(record);
  const index = entries.findLastIndex(match);
  entries.splice(index < 0 ? entries.length : index + 1, 0, [key, value]);
  return Object.fromEntries(entries);
}
