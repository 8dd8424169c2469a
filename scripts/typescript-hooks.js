/**
 * Node module hooks for scripts that boot Nest modules from the TypeScript sources (scripts/openapi.ts).
 * tsx compiles with esbuild, which emits no decorator metadata, and Nest's dependency injection needs
 * it; so the repository's own .ts files are compiled here with TypeScript and tsconfig.json, as the
 * build and Jest do. #events, #messaging, ... resolve to their sources, not to a possibly stale dist/.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = new URL('../', import.meta.url);
const LIBRARY = /^#(events|messaging|persistence|outbox|runtime)$/;

const compilerOptions = (() => {
  const file = fileURLToPath(new URL('tsconfig.json', ROOT));
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, fileURLToPath(ROOT));
  return { ...options, module: ts.ModuleKind.ESNext, sourceMap: false, inlineSourceMap: true, inlineSources: true };
})();

export async function resolve(specifier, context, nextResolve) {
  const library = LIBRARY.exec(specifier);
  if (library) return nextResolve(new URL(`libs/${library[1]}/src/index.ts`, ROOT).href, context);
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  const { protocol, pathname } = new URL(url);
  const own = protocol === 'file:' && url.startsWith(ROOT.href) && !pathname.includes('/node_modules/');
  if (!own || !pathname.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(new URL(pathname, ROOT));
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), { compilerOptions, fileName });
  return { format: 'module', source: outputText, shortCircuit: true };
}
