import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KNOWN_ADVISORIES, type KnownAdvisory } from './known-advisories.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every package version the lockfile installs, from its `packages` map (lockfile v2/v3). */
function installedVersions(lockfile: { packages: Record<string, { version?: string }> }) {
  return Object.entries(lockfile.packages)
    .filter(([path, entry]) => path !== '' && entry.version)
    .map(([path, entry]) => ({ path, name: path.split('node_modules/').pop()!, version: entry.version! }));
}

/** major.minor.patch compared as numbers; a pre-release counts as its release (stricter, never looser). */
function compare(a: string, b: string): number {
  const parts = (version: string) => version.split(/[-+]/)[0].split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let index = 0; index < 3; index += 1) {
    if ((x[index] ?? 0) !== (y[index] ?? 0)) return (x[index] ?? 0) - (y[index] ?? 0);
  }
  return 0;
}

const affects = (advisory: KnownAdvisory, version: string) =>
  advisory.vulnerable.some(({ introduced, fixed }) => compare(version, introduced) >= 0 && compare(version, fixed) < 0);

function findings(lockfile: { packages: Record<string, { version?: string }> }) {
  return installedVersions(lockfile).flatMap(({ path, name, version }) =>
    KNOWN_ADVISORIES.filter((advisory) => advisory.packageName === name && affects(advisory, version)).map(
      (advisory) => `${path}@${version}: ${advisory.id} (${advisory.summary})`,
    ),
  );
}

describe('package-lock.json against known advisories', () => {
  it('installs no package version that a known advisory covers (npm overrides pin the fixed ones)', () => {
    const lockfile = JSON.parse(readFileSync(resolve(ROOT, 'package-lock.json'), 'utf8'));
    expect(findings(lockfile)).toEqual([]);
  });

  it('would flag the uuid that cloudevents asks for without the override', () => {
    const before = {
      packages: { 'node_modules/uuid': { version: '8.3.2' }, 'node_modules/qs': { version: '6.17.1' } },
    };
    expect(findings(before)).toEqual([expect.stringContaining('node_modules/uuid@8.3.2: GHSA-w5hq-g745-h8pq')]);
  });

  it('keeps the override that pins the fixed uuid for cloudevents', () => {
    const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
    expect(manifest.overrides?.cloudevents?.uuid).toBe('11.1.1');
  });
});
