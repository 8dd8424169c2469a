/**
 * npm run bench: every layer on every chosen broker, then bench/results/<broker>.json and
 * bench/results/chart.svg; docs/performance.md's table only with --update-readme. Options: bench/bench-options.ts
 * (`npm run bench -- --help`).
 */
import { register } from 'node:module';

// Nest needs decorator metadata, which tsx does not emit: the bench loads the libraries through TypeScript.
register('../scripts/typescript-hooks.js', import.meta.url);
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  // Help needs none of the layers, which take seconds to load.
  console.log((await import('./bench-options.js')).USAGE);
} else {
  const { runBench } = await import('./bench.js');
  process.exitCode = await runBench(argv);
}
