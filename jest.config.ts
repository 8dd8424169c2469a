import type { Config } from 'jest';

/** Fast unit tests of pure logic, and the suites that need real brokers and databases. */
const shared: Config = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#(events|messaging|persistence|outbox|runtime)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }] },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

const config: Config = {
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
      ],
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
      // The dead-letter tooling on destinations as full as a long-lived broker's (issue 13).
      displayName: 'dead-letters',
      testMatch: ['<rootDir>/test/dead-letters/**/*.fault-spec.ts'],
      slowTestThreshold: 300,
    },
    {
      ...shared,
      // npm run bench -- --quick on one broker: complete results, never how fast (issue 8).
      displayName: 'bench',
      testMatch: ['<rootDir>/test/bench/**/*.spec.ts'],
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
