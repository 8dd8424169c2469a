import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { appServices, compose, rawCompose, read, ROOT } from './compose-file.js';

const demo = compose.services.demo;
/** The source file tsc compiles into a dist/ path (tsconfig.json: rootDir ".", outDir "dist"). */
const sourceOf = (compiled: string) => compiled.replace(/^dist\//, '').replace(/\.js$/, '.ts');
const buildIncludes = (JSON.parse(read('tsconfig.build.json')) as { include: string[] }).include;

describe('docker-compose.yml: the demo container', () => {
  it('runs only with the demo profile, and is not an app (it has no build of its own)', () => {
    expect(demo?.profiles).toEqual(['demo']);
    expect(demo?.build).toBeUndefined();
  });

  it("runs the compiled demo with node, from an app service's image", () => {
    const images = appServices.map(([, service]) => service.image);
    expect(images).toContain(demo?.image);
    const [node, entry, ...rest] = demo?.command ?? [];
    expect({ node, rest }).toEqual({ node: 'node', rest: [] });
    expect(entry).toMatch(/^dist\/scripts\/demo\/.+\.js$/);
    const source = sourceOf(entry!);
    expect(existsSync(resolve(ROOT, source))).toBe(true);
    expect(buildIncludes.some((include) => source === include || source.startsWith(`${include}/`))).toBe(true);
    expect(readFileSync(resolve(ROOT, source), 'utf8')).toContain('runOrderJourneys');
  });

  it('points the demo at order-service and inventory-service by name and port, once they are healthy', () => {
    const environment = demo?.environment ?? {};
    expect(environment.ORDER_URL).toBe('http://order-service:3000');
    expect(environment.INVENTORY_URL).toBe('http://inventory-service:3001');
    const urls = Object.entries(environment).filter(([key]) => key.endsWith('_URL'));
    for (const [key, value] of urls) {
      const { hostname, port } = new URL(String(value));
      const service = appServices.find(([name]) => name === hostname)?.[1];
      expect({ key, port: service?.environment?.PORT }).toEqual({ key, port });
      expect({ key, dependency: demo?.depends_on?.[hostname] }).toEqual({
        key,
        dependency: { condition: 'service_healthy' },
      });
    }
  });

  it('sends the ADMIN_TOKEN and names the BROKER the services have', () => {
    for (const variable of ['ADMIN_TOKEN', 'BROKER']) {
      expect(rawCompose.services.demo?.environment?.[variable]).toBe(
        rawCompose.services['inventory-service'].environment?.[variable],
      );
    }
  });

  it("turns off the image's healthcheck, which asks a service port the demo does not serve", () => {
    expect(demo?.healthcheck?.disable).toBe(true);
  });
});
