import { cpus, release, totalmem, type } from 'node:os';
import type { BenchMachine } from './bench-result.js';

/** The machine the figures were taken on. */
export function describeMachine(): BenchMachine {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${type()} ${release()}`,
  };
}
