import prettier from 'prettier';
import { parse } from 'yaml';
import type { Workspace } from './workspace.js';
import { YamlLines } from './yaml-lines.js';

const PATH = 'docker-compose.yml';
const DEFINITIONS = ['configs', 'rabbitmq-definitions', 'content'];
/** The SQL PostgreSQL's image runs on a fresh volume: one database per service. */
const SERVICE_DATABASES = ['configs', 'postgres-databases', 'content'];

/** One service user in RabbitMQ's definitions format, as libs/testing's serviceUserDefinitions gives it. */
export interface UserDefinitions {
  users: Array<{ name: string; password: string; tags: string[] }>;
  permissions: Array<{ user: string }>;
  topic_permissions: Array<{ user: string }>;
}

interface ComposeService {
  build?: unknown;
  ports?: string[];
}

/**
 * docker-compose.yml with one more service: a copy of the first app service that depends on no other
 * app (its comments and all), renamed, on its own port, PostgreSQL database and RabbitMQ user.
 */
export function addComposeService(workspace: Workspace, service: string, port: number): void {
  const text = workspace.read(PATH);
  const compose = parse(text) as { services: Record<string, ComposeService & { depends_on?: object }> };
  const apps = Object.keys(compose.services).filter((name) => compose.services[name].build);
  const template = apps.find((name) => !apps.some((other) => other in (compose.services[name].depends_on ?? {})));
  if (!template) throw new Error(`${PATH}: no app service to copy the shape of; add ${service} by hand`);
  const templatePort = /PORT: '(\d+)'/.exec(new YamlLines(text, PATH).entryText(['services', template]))?.[1];
  const rename = (block: string) =>
    block
      .replaceAll(template, service)
      .replaceAll(variablePart(template), variablePart(service))
      .replaceAll(`${templatePort}`, String(port));
  const lines = new YamlLines(text, PATH);
  lines.insertAfter(['services', apps.at(-1)!], rename(lines.entryText(['services', template])));
  const databases = lines.blockText(SERVICE_DATABASES).trimEnd().split('\n');
  lines.setBlockText(SERVICE_DATABASES, [...databases, `CREATE DATABASE "${service}";`].sort().join('\n'));
  workspace.edit(PATH, () => lines.toString());
}

/** `inventory-service` -> `INVENTORY_SERVICE`, as in RABBITMQ_INVENTORY_SERVICE_PASSWORD. */
const variablePart = (service: string) => service.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/**
 * The RabbitMQ users compose's broker loads at boot: the service users exactly as `npm run brokers:up`
 * makes them (`definitions`, passwords as `${VARIABLE:-local default}`), and whatever else was there
 * (the administrator) as it was.
 */
export async function setComposeServiceUsers(workspace: Workspace, definitions: UserDefinitions): Promise<void> {
  const lines = new YamlLines(workspace.read(PATH), PATH);
  const current = JSON.parse(lines.blockText(DEFINITIONS)) as Record<string, Array<Record<string, unknown>>>;
  const ours = new Set(definitions.users.map(({ name }) => name));
  const others = (entries: Array<Record<string, unknown>>) =>
    entries.filter((entry) => !ours.has(String(entry.name ?? entry.user)));
  // `$$` is a literal `$` in compose; the passwords' `${...}` are the variables it fills in.
  const literal = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/\$(?!\{)/g, '$$$$'));
  const merged = {
    ...current,
    users: [...others(current.users), ...definitions.users],
    permissions: [...others(current.permissions), ...literal(definitions.permissions)],
    topic_permissions: [...others(current.topic_permissions), ...literal(definitions.topic_permissions)],
  };
  // The width the file was written with: each user on one line, each set of rights spread over several.
  const json = await prettier.format(JSON.stringify(merged), { parser: 'json', printWidth: 130 });
  lines.setBlockText(DEFINITIONS, json.trimEnd());
  workspace.edit(PATH, () => lines.toString());
}

/** Ports taken by compose's services (published ones) and by the apps' defaults: a new service avoids them. */
export function composePorts(workspace: Workspace): number[] {
  const compose = parse(workspace.read(PATH)) as { services: Record<string, ComposeService> };
  return Object.values(compose.services).flatMap((service) =>
    (service.ports ?? []).map((mapping) => Number(String(mapping).split(':').at(-2))),
  );
}
