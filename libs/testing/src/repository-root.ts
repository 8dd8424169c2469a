import { resolve } from 'node:path';

/** The repository's root: where the built services (dist/), `.env` and `.brokers/` are. */
export const REPOSITORY_ROOT = resolve(import.meta.dirname, '../../..');
