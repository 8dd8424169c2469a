/**
 * npm run docs:openapi: writes docs/openapi/<service>.json for every service, from the code.
 * test/docs/api-documents.spec.ts fails when a committed document differs from what this writes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import { dirname, resolve } from 'node:path';
import prettier from 'prettier';

// Nest needs decorator metadata, which tsx does not emit: load the application through TypeScript.
register('./typescript-hooks.js', import.meta.url);
const { buildOpenApiDocuments, openApiPath } = await import('./openapi-document.js');

const root = resolve(import.meta.dirname, '..');
for (const [service, document] of Object.entries(await buildOpenApiDocuments())) {
  const file = resolve(root, openApiPath(service));
  const options = { ...(await prettier.resolveConfig(file)), parser: 'json' };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, await prettier.format(JSON.stringify(document), options));
  console.log(`wrote ${openApiPath(service)}`);
}
