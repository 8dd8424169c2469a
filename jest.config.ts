import type { Config } from 'jest';
import { readFileSync } from 'node:fs';

/**
 * #events, #messaging, ...: package.json `imports` is the one map of the aliases; Jest takes each to
 * its TypeScript source (the `types` target). Read from the working directory, the repository root
 * Jest runs in: Jest's ts-node compiles this file as CommonJS and tsc as ESM, so neither
 * import.meta nor __dirname serves both.
 */
const { imports } = JSON.parse(readFileSync('package.json', 'utf8')) as {
  imports: Record<string, { types: string }>;
};
const LIBRARY_SOURCES = Object.fromEntries(
  Object.entries(imports).map(([alias, { types }]) => [`^${alias}$`, `<rootDir>/${types}`]),
);

/** Fast unit tests of pure logic, and the suites that need real brokers and databases. */
const shared: Config = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    ...LIBRARY_SOURCES,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }] },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

const config: Config = {
  reporters: ['default', '<rootDir>/test/support/project-durations-reporter.js'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs}/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
        '<rootDir>/test/compose/**/*.spec.ts',
        '<rootDir>/test/dependencies/**/*.spec.ts',
        '<rootDir>/test/docs/**/*.spec.ts',
        '<rootDir>/test/conformance/**/*.spec.ts',
        '<rootDir>/test/support/**/*.spec.ts',
      ],
      // Needs no broker and no database: the specs that need PostgreSQL are the database project's.
      testPathIgnorePatterns: ['/node_modules/', '\\.db\\.spec\\.ts$'],
    },
    {
      ...shared,
      // The persistence rules (unit of work, inbox, idempotency records) on SQLite and on PostgreSQL.
      displayName: 'database',
      testMatch: ['<rootDir>/{apps,libs}/**/*.db.spec.ts'],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], slowTestThreshold: 120 },
    {
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      slowTestThreshold: 300,
    },
    {
      ...shared,
      displayName: 'hostile',
      testMatch: ['<rootDir>/test/hostile/**/*.hostile-spec.ts'],
      slowTestThreshold: 300,
    },
    {
      ...shared,
      // The dead-letter tooling on destinations as full as a long-lived broker's.
      displayName: 'dead-letters',
      testMatch: ['<rootDir>/test/dead-letters/**/*.dead-letters-spec.ts'],
      slowTestThreshold: 300,
    },
    {
      ...shared,
      // npm run bench -- --quick on one broker: complete results, never how fast.
      displayName: 'bench',
      testMatch: ['<rootDir>/test/bench/**/*.spec.ts'],
      slowTestThreshold: 240,
    },
    {
      ...shared,
      // npm run new:service in a copy of the repository, and the service it makes, on one broker.
      displayName: 'generator',
      testMatch: ['<rootDir>/test/generator/**/*.generator-spec.ts'],
      slowTestThreshold: 180,
    },
    {
      ...shared,
      // Three-node broker clusters that the suites start and stop themselves.
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
      slowTestThreshold: 180,
    },
    {
      ...shared,
      displayName: 'conformance',
      testMatch: ['<rootDir>/test/conformance/**/*.conformance-spec.ts'],
      slowTestThreshold: 60,
    },
  ],
};

export default config;
