import { execFileSync } from 'node:child_process';

/** What identifies a node's traffic with its peers on loopback: a port it listens or connects on, or an address it connects from. */
export type PeerTraffic = { port: number } | { address: string };

/**
 * The priority each cluster's filters carry on lo: a cluster's cuts are removed together and never
 * anyone else's, so a Kafka and a RabbitMQ cluster may be cut and healed side by side.
 */
const FILTER_PRIORITY = { kafka: '4917', rabbitmq: '4918' } as const;
/** A veth pair whose far end stays down: what is redirected to it is dropped (this kernel has no drop action for tc). */
const BLACK_HOLE = 'partition-drop';
const BLACK_HOLE_PEER = 'partition-sink';

export type PartitionedCluster = keyof typeof FILTER_PRIORITY;

/**
 * A network partition of one cluster node from its peers on this machine, its clients untouched: every
 * cluster node listens on 127.0.0.1, so there is no network between them to cut, but the packets between
 * a node and its peers are told apart by port or address (scripts/brokers/cluster.sh gives each pair of
 * Kafka nodes ports of their own, and each RabbitMQ node an address of its own to connect from). tc drops
 * those on lo, with iproute2 alone: no iptables or nftables is installed here, nor on a fresh CI machine.
 * Needs root.
 */
export const loopbackPartition = {
  /** Whether this machine lets us cut (root, iproute2, a kernel with clsact, u32 and mirred); says why not otherwise. */
  unavailableBecause(): string | undefined {
    if (process.getuid?.() !== 0) return 'not root: tc on lo needs root';
    try {
      prepare();
      return undefined;
    } catch (error) {
      return `tc on lo failed: ${(error as Error).message.split('\n')[0]}`;
    }
  },

  /** Drops every loopback packet that matches one of `traffic`, either way. */
  cut(cluster: PartitionedCluster, traffic: PeerTraffic[]): void {
    prepare();
    for (const match of traffic.flatMap(bothWays)) {
      tc(
        'filter',
        'add',
        'dev',
        'lo',
        'egress',
        'protocol',
        'ip',
        'pref',
        FILTER_PRIORITY[cluster],
        'u32',
        ...match,
        'action',
        'mirred',
        'egress',
        'redirect',
        'dev',
        BLACK_HOLE,
      );
    }
  },

  /** Removes every cut of this cluster; nothing to do when there is none. */
  heal(cluster: PartitionedCluster): void {
    try {
      tc('filter', 'del', 'dev', 'lo', 'egress', 'pref', FILTER_PRIORITY[cluster]);
    } catch {
      // no filter of ours, or no clsact qdisc at all: nothing is cut
    }
  },
};

function bothWays(traffic: PeerTraffic): string[][] {
  if ('port' in traffic) return ['dport', 'sport'].map((side) => ['match', 'ip', side, String(traffic.port), '0xffff']);
  return ['src', 'dst'].map((side) => ['match', 'ip', side, `${traffic.address}/32`]);
}

/**
 * The clsact qdisc on lo (it runs filters only: no queue, nothing shaped) and the black hole, once.
 * Another cluster's suite may create them at the same moment: "exists" is success.
 */
function prepare(): void {
  if (!tc('qdisc', 'show', 'dev', 'lo').includes('clsact')) {
    unlessItExists(() => tc('qdisc', 'add', 'dev', 'lo', 'clsact'));
  }
  if (!run('ip', 'link', 'show').includes(`${BLACK_HOLE}@`)) {
    unlessItExists(() => {
      run('ip', 'link', 'add', BLACK_HOLE, 'type', 'veth', 'peer', 'name', BLACK_HOLE_PEER);
    });
    run('ip', 'link', 'set', BLACK_HOLE, 'up');
  }
}

function unlessItExists(create: () => unknown): void {
  try {
    create();
  } catch (error) {
    if (!/exists/i.test(String((error as { stderr?: unknown }).stderr ?? error))) throw error;
  }
}

function tc(...args: string[]): string {
  return run('tc', ...args);
}

function run(command: string, ...args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
