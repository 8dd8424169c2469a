import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { interpolateDocument } from './compose-interpolation.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

/** The parts of a compose service the tests read. */
export interface ComposeService {
  image?: string;
  build?: { context?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean | null>;
  env_file?: unknown;
  ports?: string[];
  volumes?: string[];
  configs?: Array<{ source: string; target?: string }>;
  profiles?: string[];
  command?: string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: Record<string, { condition?: string; required?: boolean }>;
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, { content?: string; file?: string }>;
}

/** docker-compose.yml as written. */
export const rawCompose = parse(read('docker-compose.yml')) as ComposeFile;
/** As Compose runs it from a fresh clone (no .env: every default applies). */
export const compose = interpolateDocument(rawCompose, {});
export const envExample = parseEnv(read('.env.example'));
/** The services built from the Dockerfile: one per app. */
export const appServices = Object.entries(compose.services).filter(([, service]) => service.build);
