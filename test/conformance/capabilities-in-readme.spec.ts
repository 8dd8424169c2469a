import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { capabilityTableMarkdown, capabilityTableRows } from './capabilities.js';

const README = resolve(import.meta.dirname, '../../README.md');
const SECTION = '## Choosing a broker';

/** The cells of the one table in README's "Choosing a broker" section, without Prettier's padding. */
function tableInReadme(): string[][] {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim()),
    )
    .filter((cells) => !cells.every((cell) => /^:?-+:?$/.test(cell)));
}

describe('README "Choosing a broker"', () => {
  it('shows exactly the capabilities the conformance suite holds each broker to (test/conformance/capabilities.ts)', () => {
    try {
      expect(tableInReadme()).toEqual(capabilityTableRows());
    } catch (error) {
      const table = capabilityTableMarkdown();
      (error as Error).message =
        `README's table must be (then run Prettier on README.md):\n\n${table}\n\n${(error as Error).message}`;
      throw error;
    }
  });
});
