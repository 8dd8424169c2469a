import type { Generated } from './generate.js';
import { UsageError } from './names.js';

/**
 * Runs a generator command: what it wrote and what to do next on success; on a mistake of the
 * caller's (a bad name, a service that exists), one line saying so and exit code 1, nothing written.
 */
export async function runCommand(usage: string, generate: () => Promise<Generated | undefined>): Promise<void> {
  const started = performance.now();
  try {
    const generated = await generate();
    if (!generated) {
      console.error(usage);
      process.exitCode = 1;
      return;
    }
    console.log(`wrote, in ${Math.round(performance.now() - started)} ms:`);
    for (const file of generated.files) console.log(`  ${file}`);
    console.log('next:');
    for (const step of generated.next) console.log(`  - ${step}`);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError && 'code' in error)) throw error;
    console.error(`error: ${error.message}\n${usage}`);
    process.exitCode = 1;
  }
}
