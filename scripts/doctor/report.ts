import type { BrokerSelection } from './broker-selection.js';
import { COMMANDS, type Finding } from './finding.js';

const STATUS_LABEL: Record<Finding['status'], string> = {
  ok: 'ok',
  missing: 'MISSING',
  warning: 'warning',
  'not needed': '-',
};

/** The report: a table of what was found, how to get what is missing, and which commands are ready. */
export function renderReport(findings: readonly Finding[], selection: BrokerSelection): string {
  const lines = [
    `Prerequisites of npm test and test:e2e on ${selection.tested.join(', ')} (E2E_BROKERS),` +
      ` and of npm run demo on ${selection.demo} (BROKER)`,
    '',
    ...table([
      ['status', 'prerequisite', 'found', 'needed by (npm run ...)'],
      ...findings.map((finding) => [
        STATUS_LABEL[finding.status],
        finding.prerequisite,
        finding.found,
        neededBy(finding),
      ]),
    ]),
  ];
  const toFix = findings.filter((finding) => finding.status === 'missing' || finding.status === 'warning');
  if (toFix.length > 0) {
    lines.push('', 'How to get what is missing (Debian/Ubuntu; macOS and Windows: see README, Prerequisites)');
    for (const finding of toFix) {
      lines.push('', `${finding.prerequisite}: ${finding.found}`, `  why: ${finding.why}`);
      lines.push(...(finding.install ?? []).map((command) => `  ${command}`));
      if (finding.docker) lines.push(`  or with Docker: ${finding.docker}`);
    }
  }
  lines.push('', 'Ready?');
  for (const command of COMMANDS) {
    const missing = findings.filter((finding) => finding.status === 'missing' && finding.neededBy.includes(command));
    const verdict = missing.length === 0 ? 'yes' : `no: ${missing.map((finding) => finding.prerequisite).join('; ')}`;
    lines.push(`  ${command.padEnd(Math.max(...COMMANDS.map((name) => name.length)))}  ${verdict}`);
  }
  return lines.join('\n');
}

/** The commands without their `npm run`, or `all` for every one of them. */
function neededBy({ neededBy }: Finding): string {
  if (neededBy.length === COMMANDS.length) return 'all';
  return neededBy.map((command) => command.replace(/^npm (run )?/, '')).join(', ') || '-';
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}
