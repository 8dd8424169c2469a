/**
 * The project's layering, checked by `npm run lint` (dependency-cruiser). Libraries, lowest first:
 * config, health, events < messaging, persistence < outbox < runtime < apps; testing serves tests,
 * scripts and the bench. Outside a library only its entry files may be imported (index.ts, and
 * messaging's operator.ts for tools).
 */
const LIB_ENTRY = '^libs/[^/]+/src/(index|operator)\\.ts$';

/** What each library may import of the others. */
const ALLOWED_LIBS = {
  config: [],
  health: [],
  events: [],
  messaging: ['config', 'events', 'health'],
  persistence: ['config', 'health'],
  outbox: ['config', 'events', 'persistence'],
  runtime: ['config', 'events', 'health', 'messaging', 'outbox', 'persistence'],
  testing: ['config', 'events', 'health', 'messaging', 'outbox', 'persistence'],
};

const layering = Object.entries(ALLOWED_LIBS).map(([lib, allowed]) => ({
  name: `layering-${lib}`,
  comment: `libs/${lib} may import only ${allowed.length ? allowed.join(', ') : 'no other library'}`,
  severity: 'error',
  // A lib's own specs may also use libs/testing (test databases, polling).
  from: { path: `^libs/${lib}/`, pathNot: '\\.spec\\.ts$' },
  to: { path: '^libs/', pathNot: `^libs/(${[lib, ...allowed].join('|')})/` },
}));

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Cycles make modules impossible to read or load one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    ...layering,
    {
      name: 'tests-and-scripts-share-through-libs-testing',
      comment:
        'scripts/, test/ and bench/ never import each other (what they share is in libs/testing); the one ' +
        'exceptions are the docs test, which checks the OpenAPI documents scripts/openapi-document.ts builds from ' +
        "the apps, test/bench, the bench's own test, which reads its result types, and the generators' dry-run " +
        'test, which compares a scratch copy with what it held, as the dry run itself does.',
      severity: 'error',
      from: { path: '^(scripts|test|bench)/' },
      to: {
        path: '^(scripts|test|bench)/',
        pathNot: [
          '^$1/',
          '^scripts/openapi-document\\.ts$',
          '^bench/bench-result\\.ts$',
          '^scripts/generators/scratch-copy\\.ts$',
        ],
      },
    },
    {
      name: 'no-reaching-into-a-library',
      comment: 'Import a library through its entry (#name), never a file inside it.',
      severity: 'error',
      from: { path: '^(apps|scripts|test|bench)/' },
      to: { path: '^libs/', pathNot: LIB_ENTRY },
    },
    {
      name: 'no-reaching-into-another-library',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: [`^libs/$1/`, LIB_ENTRY] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.brokers|coverage)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      conditionNames: ['types', 'import', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
