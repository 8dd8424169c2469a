/**
 * npm run bench: every layer on every chosen broker, then bench/results/<broker>.json, the README
 * table and bench/results/chart.svg. Options: see bench/bench-options.ts (`npm run bench -- --help`).
 */
import { register } from 'node:module';

// Nest needs decorator metadata, which tsx does not emit: the bench loads the libraries through TypeScript.
register('../scripts/typescript-hooks.js', import.meta.url);
const { runBench } = await import('./bench.js');
process.exitCode = await runBench(process.argv.slice(2));
