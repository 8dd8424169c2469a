/**
 * Node module hooks for scripts that boot Nest modules from the TypeScript sources (scripts/openapi.ts).
 * tsx compiles with esbuild, which emits no decorator metadata, and Nest's dependency injection needs
 * it; so the repository's own .ts files are compiled here with TypeScript and tsconfig.json, as the
 * build and Jest do. #events, #messaging, ... resolve to their sources, not to a possibly stale dist/:
 * Node resolves them from package.json `imports` itself, asked to prefer their `types` target.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = new URL('../', import.meta.url);

const compilerOptions = (() => {
  const file = fileURLToPath(new URL('tsconfig.json', ROOT));
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, fileURLToPath(ROOT));
  return { ...options, module: ts.ModuleKind.ESNext, sourceMap: false, inlineSourceMap: true, inlineSources: true };
})();

const isOwn = (url) => url?.startsWith(ROOT.href) && !url.includes('/node_modules/');

export async function resolve(specifier, context, nextResolve) {
  // Only the repository's own aliases: a dependency's `#...` imports keep their usual conditions.
  if (!specifier.startsWith('#') || !isOwn(context.parentURL)) return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: ['types', ...context.conditions] });
}

export async function load(url, context, nextLoad) {
  const { protocol, pathname } = new URL(url);
  if (protocol !== 'file:' || !isOwn(url) || !pathname.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(new URL(pathname, ROOT));
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), { compilerOptions, fileName });
  return { format: 'module', source: outputText, shortCircuit: true };
}
