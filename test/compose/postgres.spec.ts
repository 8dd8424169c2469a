import { appServices, compose, rawCompose } from './compose-file.js';
import { interpolateDocument } from './compose-interpolation.js';

const postgres = compose.services.postgres;
const initScripts = (postgres?.configs ?? []).filter(({ target }) =>
  target?.startsWith('/docker-entrypoint-initdb.d/'),
);
const initSql = initScripts.map(({ source }) => compose.configs?.[source]?.content ?? '').join('\n');

describe('docker-compose.yml: PostgreSQL', () => {
  it('runs a PostgreSQL image pinned to a major version, ready when pg_isready says so over TCP', () => {
    expect(postgres?.image).toMatch(/^postgres:\d+(\.\d+)*(-[a-z0-9.-]+)?$/);
    const test = postgres?.healthcheck?.test;
    expect(Array.isArray(test) && test[0] === 'CMD' && test[1] === 'pg_isready').toBe(true);
    expect(test).toEqual(expect.arrayContaining(['-h', '127.0.0.1']));
  });

  it('publishes its port on 127.0.0.1 only and keeps its data on a named volume', () => {
    expect(postgres?.ports).toEqual(['127.0.0.1:5432:5432']);
    const [volume, target] = (postgres?.volumes ?? [])[0]?.split(':') ?? [];
    expect(target).toBe('/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('takes its password from a variable with a local default, never written inline', () => {
    expect(rawCompose.services.postgres?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{[A-Z0-9_]+:-[^}]+\}$/);
  });

  it('runs each service on a database of its own there, created at initialisation, as its user and password', () => {
    expect(appServices.length).toBeGreaterThan(0);
    const changed = interpolateDocument(rawCompose, { POSTGRES_PASSWORD: 'changed-password' });
    for (const [name] of appServices) {
      for (const document of [compose, changed]) {
        const url = new URL(String(document.services[name].environment?.DATABASE_URL));
        const server = document.services.postgres?.environment;
        expect({ name, protocol: url.protocol, host: url.host }).toEqual({
          name,
          protocol: 'postgres:',
          host: 'postgres:5432',
        });
        expect(url.username).toBe(server?.POSTGRES_USER);
        expect(decodeURIComponent(url.password)).toBe(server?.POSTGRES_PASSWORD);
        expect(url.pathname).toBe(`/${name}`);
      }
      expect(initSql).toContain(`CREATE DATABASE "${name}";`);
    }
  });
});
