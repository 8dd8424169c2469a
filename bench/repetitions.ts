import type { BenchDatabase } from './bench-result.js';

export interface Repetition {
  database: BenchDatabase;
  /** From 1. */
  repetition: number;
}

/**
 * The full flow's runs in the order measured: the databases alternate (sqlite, postgres, sqlite, ...),
 * so a drift of the machine's speed during the run spreads over both instead of favouring the first.
 */
export function alternatedRepetitions(databases: readonly BenchDatabase[], repeat: number): Repetition[] {
  return Array.from({ length: repeat }, (_, index) =>
    databases.map((database) => ({ database, repetition: index + 1 })),
  ).flat();
}
