import { kafkaFindings } from './checks/kafka.checks.js';
import { nodeFindings } from './checks/node.checks.js';
import { portFindings } from './checks/ports.checks.js';
import { postgresFindings } from './checks/postgres.checks.js';
import { rabbitmqFindings } from './checks/rabbitmq.checks.js';
import { systemFindings } from './checks/system.checks.js';
import type { DoctorContext } from './doctor-context.js';
import type { Finding } from './finding.js';

/** Every prerequisite, in the order a newcomer would install them. */
export async function runChecks(context: DoctorContext): Promise<Finding[]> {
  const groups = await Promise.all([
    nodeFindings(context),
    kafkaFindings(context),
    rabbitmqFindings(context),
    postgresFindings(context),
    systemFindings(context),
    portFindings(context),
  ]);
  return groups.flat();
}

/** Exit code 0 only when nothing a command needs is missing. */
export function exitCode(findings: readonly Finding[]): 0 | 1 {
  return findings.some((finding) => finding.status === 'missing') ? 1 : 0;
}
