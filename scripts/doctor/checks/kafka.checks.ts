import type { DoctorContext } from '../doctor-context.js';
import { commandsOn } from '../broker-selection.js';
import { ALL, notNeeded, type Finding } from '../finding.js';
import { firstVersion, javaVersion } from '../versions.js';

const INSTALL = ['sudo apt-get install -y openjdk-17-jre-headless maven   # Debian 13: openjdk-21-jre-headless'];
const DOCKER = 'docker compose up --wait kafka (e2e and demo; the cluster suite still runs Kafka from its jars)';

/** Kafka runs from Apache's jars on Maven Central (scripts/brokers/up.sh): Java 17+ runs them, Maven fetches them. */
export async function kafkaFindings({ probe, selection }: DoctorContext): Promise<Finding[]> {
  const rows = { java: 'Java 17+ (Kafka)', maven: 'Maven (Kafka)' };
  const using = commandsOn(selection, 'kafka');
  if (using.length === 0) return notNeeded('kafka is neither in E2E_BROKERS nor BROKER', rows.java, rows.maven);
  const [host, port] = firstBootstrapServer(probe.env.KAFKA_BROKERS);
  const answering = await probe.portAnswers(host, port);
  // A Kafka already answering serves the e2e suites and the demo; npm test's cluster suite starts its own nodes.
  const neededBy = answering ? using.filter((command) => command === ALL) : using;
  if (neededBy.length === 0) return notNeeded(`Kafka answers on ${host}:${port}`, rows.java, rows.maven);
  const why = answering
    ? `Kafka answers on ${host}:${port}; the cluster suite runs three nodes from the jars`
    : 'brokers:up runs Kafka from its Maven Central jars';
  const java = javaVersion(probe.output('java', ['-version']) ?? '');
  const maven = firstVersion(probe.output('mvn', ['-v']) ?? '');
  return [
    {
      prerequisite: rows.java,
      status: java && java.major >= 17 ? 'ok' : 'missing',
      found: java ? `${java.version}${java.major < 17 ? ', too old' : ''}` : 'java not on PATH',
      neededBy,
      why,
      install: INSTALL,
      docker: DOCKER,
    },
    {
      prerequisite: rows.maven,
      status: maven ? 'ok' : 'missing',
      found: maven ?? 'mvn not on PATH',
      neededBy,
      why,
      install: INSTALL,
      docker: DOCKER,
    },
  ];
}

/** The first of KAFKA_BROKERS (`host:port,...`), as brokers:up reads it. */
export function firstBootstrapServer(setting = '127.0.0.1:9092'): [string, number] {
  const [host = '127.0.0.1', port = '9092'] = setting.split(',')[0]!.trim().split(':');
  return [host, Number(port)];
}
