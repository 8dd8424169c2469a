import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { capabilityTableMarkdown, capabilityTableRows } from './capabilities.js';

const BROKERS_DOC = resolve(import.meta.dirname, '../../docs/brokers.md');
const SECTION = '## Choosing a broker';

/** The cells of the one table in docs/brokers.md's "Choosing a broker" section, without Prettier's padding. */
function tableInDocs(): string[][] {
  const text = readFileSync(BROKERS_DOC, 'utf8');
  const start = text.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`docs/brokers.md has no "${SECTION}" section`);
  const end = text.indexOf('\n## ', start + SECTION.length);
  const section = text.slice(start, end < 0 ? undefined : end);
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

describe('docs/brokers.md, "Choosing a broker"', () => {
  it('shows exactly the capabilities the conformance suite holds each broker to (test/conformance/capabilities.ts)', () => {
    try {
      expect(tableInDocs()).toEqual(capabilityTableRows());
    } catch (error) {
      const table = capabilityTableMarkdown();
      (error as Error).message =
        `docs/brokers.md's table must be (then run Prettier on it):\n\n${table}\n\n${(error as Error).message}`;
      throw error;
    }
  });
});
