/**
 * A Jest reporter that ends a run with one line per project: how long its test files ran, how many
 * there were and how many tests passed and failed. Files of several projects run interleaved, so the
 * time is the sum of the project's files, not a span of the clock. Then the slowest files, each with
 * the time its tests took and the time outside them (its fixtures: starting and stopping systems).
 *
 * Plain JavaScript: Jest loads reporters itself, without the TypeScript transform the tests use.
 */
import { relative } from 'node:path';

const SLOWEST_FILES = 15;

export default class ProjectDurationsReporter {
  /** @type {Map<string, { ms: number, files: number, passed: number, failed: number, skipped: number }>} */
  #projects = new Map();
  /** @type {Array<{ path: string, ms: number, inTests: number }>} */
  #files = [];

  onTestResult(test, result) {
    const name = projectName(test.context.config.displayName);
    const project = this.#projects.get(name) ?? { ms: 0, files: 0, passed: 0, failed: 0, skipped: 0 };
    const fileMs = result.perfStats.end - result.perfStats.start;
    project.ms += fileMs;
    project.files += 1;
    project.passed += result.numPassingTests;
    project.failed += result.numFailingTests + (result.testExecError ? 1 : 0);
    project.skipped += result.numPendingTests + result.numTodoTests;
    this.#projects.set(name, project);
    const inTests = result.testResults.reduce((sum, { duration }) => sum + (duration ?? 0), 0);
    this.#files.push({ path: relative(test.context.config.rootDir, result.testFilePath), ms: fileMs, inTests });
  }

  onRunComplete() {
    if (this.#projects.size === 0) return;
    const width = Math.max(...[...this.#projects.keys()].map((name) => name.length));
    const lines = [...this.#projects].map(
      ([name, { ms, files, passed, failed, skipped }]) =>
        `  ${name.padEnd(width)}  ${minutesAndSeconds(ms).padStart(7)}  ${files} file${files === 1 ? '' : 's'}, ` +
        `${passed} passed${failed ? `, ${failed} FAILED` : ''}${skipped ? `, ${skipped} skipped` : ''}`,
    );
    process.stderr.write(`\nTime per Jest project:\n${lines.join('\n')}\n\n`);
    const slowest = this.#files.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_FILES);
    if (slowest.length < 2) return;
    const pathWidth = Math.max(...slowest.map(({ path }) => path.length));
    const fileLines = slowest.map(
      ({ path, ms, inTests }) =>
        `  ${path.padEnd(pathWidth)}  ${minutesAndSeconds(ms).padStart(7)}  ` +
        `(tests ${minutesAndSeconds(inTests)}, outside them ${minutesAndSeconds(ms - inTests)})`,
    );
    process.stderr.write(`Slowest files:\n${fileLines.join('\n')}\n\n`);
  }
}

function projectName(displayName) {
  if (!displayName) return '(no project)';
  return typeof displayName === 'string' ? displayName : displayName.name;
}

function minutesAndSeconds(ms) {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
