import { dryRun, DryRunFailed, JSON_REPORT_VARIABLE } from './dry-run.js';
import type { Generated } from './generate.js';
import { UsageError } from './names.js';

/** What a generator command's arguments ask for: its help, or a generation (perhaps only a dry run). */
export type CommandRequest = 'help' | { dryRun: boolean; generate: () => Promise<Generated> };

export interface GeneratorCommand {
  /** The repository the command generates into. */
  root: string;
  /** The command's own file, run again in a scratch copy for --dry-run. */
  script: string;
  /** Usage, options and examples: printed for --help, and after a mistake. */
  help: string;
  /** Reads the arguments; undefined when they are not a valid use. */
  parse: (args: string[]) => CommandRequest | undefined;
}

/**
 * Runs a generator command: what it wrote and what to do next on success; on a mistake of the
 * caller's (a bad name, a service that exists), one line saying so and exit code 1, nothing written.
 */
export async function runCommand(command: GeneratorCommand, args = process.argv.slice(2)): Promise<void> {
  const started = performance.now();
  try {
    const request = command.parse(args);
    if (request === 'help') {
      console.log(command.help);
      return;
    }
    if (!request) {
      console.error(command.help);
      process.exitCode = 1;
      return;
    }
    if (request.dryRun) {
      const withoutDryRun = args.filter((arg) => arg !== '--dry-run');
      printDryRun(await dryRun(command.root, command.script, withoutDryRun));
      return;
    }
    const generated = await request.generate();
    if (process.env[JSON_REPORT_VARIABLE] === 'json') {
      console.log(JSON.stringify(generated));
      return;
    }
    console.log(`wrote, in ${Math.round(performance.now() - started)} ms:`);
    for (const file of generated.files) console.log(`  ${file}`);
    printNext(generated.next);
  } catch (error) {
    if (error instanceof DryRunFailed) {
      process.stderr.write(error.stderr);
      process.exitCode = error.exitCode;
      return;
    }
    if (!(error instanceof UsageError) && !(error instanceof TypeError && 'code' in error)) throw error;
    console.error(`error: ${error.message}\n${command.help}`);
    process.exitCode = 1;
  }
}

function printDryRun({ created, changed, next }: { created: string[]; changed: string[]; next: string[] }): void {
  console.log('dry run: nothing was written. Without --dry-run this would');
  console.log(`create ${created.length} file(s):`);
  for (const file of created) console.log(`  ${file}`);
  console.log(`change ${changed.length} file(s):`);
  for (const file of changed) console.log(`  ${file}`);
  printNext(next);
}

function printNext(steps: string[]): void {
  console.log('next:');
  for (const step of steps) console.log(`  - ${step}`);
}
