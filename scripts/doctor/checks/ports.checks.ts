import type { DoctorContext } from '../doctor-context.js';
import { commandsOn } from '../broker-selection.js';
import { ALL, type Command, type Finding } from '../finding.js';
import type { Probe } from '../probe.js';
import { firstBootstrapServer } from './kafka.checks.js';

const LOCAL = '127.0.0.1';

/**
 * The fixed ports of scripts/brokers (up.sh, cluster.sh) and of the services. A broker's own client port
 * answering means brokers:up reuses that broker, its other ports included; any other port in use is a clash.
 */
interface PortGroup {
  name: string;
  /** The ports, as a person reads them. */
  label: string;
  /** The port that answers when the broker (or cluster) is already running. */
  client: number;
  /** The ports it opens besides, which must be free when it has to be started. */
  others: number[];
  neededBy: Command[];
  why: string;
}

export async function portFindings({ probe, selection }: DoctorContext): Promise<Finding[]> {
  const groups: PortGroup[] = [];
  const [host, port] = firstBootstrapServer(probe.env.KAFKA_BROKERS);
  if (commandsOn(selection, 'kafka').length > 0 && (host === LOCAL || host === 'localhost')) {
    groups.push({
      name: 'Kafka',
      label: `${port}, 9093`,
      client: port,
      others: [9093],
      neededBy: commandsOn(selection, 'kafka'),
      why: 'client and KRaft controller',
    });
  }
  if (selection.tested.includes('kafka')) {
    groups.push({
      name: 'Kafka cluster',
      label: '19092-19094, 19311-19333, 19411-19433',
      client: 19092,
      // Node n serves clients on 19091+n, listens for peer m on 19300+10n+m and 19400+10n+m (cluster.sh).
      others: [19093, 19094, ...pairs().flatMap(([n, m]) => [19300 + 10 * n + m, 19400 + 10 * n + m])],
      neededBy: [ALL],
      why: 'the cluster suite',
    });
  }
  if (selection.tested.includes('rabbitmq')) {
    groups.push({
      name: 'RabbitMQ cluster',
      label: '5701-5703, 25701-25703',
      client: 5701,
      others: [5702, 5703, 25701, 25702, 25703],
      neededBy: [ALL],
      why: 'the cluster suite (AMQP and Erlang distribution)',
    });
  }
  if (commandsOn(selection, 'sqs').length > 0) {
    const neededBy = commandsOn(selection, 'sqs');
    groups.push({ name: 'SNS/SQS emulator', label: '4566', client: 4566, others: [], neededBy, why: 'fauxqs' });
  }
  const findings = await Promise.all(groups.map((group) => groupFinding(probe, group)));
  return [...findings, await servicePortsFinding(probe)];
}

async function groupFinding(probe: Probe, group: PortGroup): Promise<Finding> {
  const finding = { prerequisite: `${group.name} ports`, neededBy: group.neededBy, why: group.why };
  if (await probe.portAnswers(LOCAL, group.client)) {
    return { ...finding, status: 'ok', found: `${group.client} answers: running, reused (${group.label})` };
  }
  const taken = await inUse(probe, group.others);
  return taken.length === 0
    ? { ...finding, status: 'ok', found: `free: ${group.label}` }
    : {
        ...finding,
        status: 'missing',
        found: `${taken.join(', ')} in use by another process`,
        install: [`sudo ss -ltnp 'sport = :${taken[0]}'   # shows which process holds it; stop it or move it`],
      };
}

/** The services' default ports: npm run dev and docker compose use them; the tests and the demo pick free ones. */
async function servicePortsFinding(probe: Probe): Promise<Finding> {
  const taken = await inUse(probe, [3000, 3001]);
  return {
    prerequisite: 'service ports',
    status: taken.length === 0 ? 'ok' : 'warning',
    found:
      taken.length === 0 ? 'free: 3000, 3001' : `${taken.join(', ')} in use (npm run dev and docker compose need them)`,
    neededBy: [],
    why: 'order-service and inventory-service in npm run dev and docker compose',
    install: [`sudo ss -ltnp 'sport = :${taken[0] ?? 3000}'   # or set PORT for each service`],
  };
}

async function inUse(probe: Probe, ports: number[]): Promise<number[]> {
  const answers = await Promise.all(ports.map((port) => probe.portAnswers(LOCAL, port)));
  return ports.filter((_, index) => answers[index]);
}

function pairs(): Array<[number, number]> {
  const nodes = [1, 2, 3];
  return nodes.flatMap((n) => nodes.map((m): [number, number] => [n, m]));
}
