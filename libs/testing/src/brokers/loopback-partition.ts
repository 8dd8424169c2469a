import { execFileSync } from 'node:child_process';

/** What identifies a node's traffic with its peers on loopback: a port it listens or connects on, or an address it connects from. */
export type PeerTraffic = { port: number } | { address: string };

/** The priority our filters carry on lo: removed together, and never anyone else's. */
const FILTER_PRIORITY = '4917';
/** A veth pair whose far end stays down: what is redirected to it is dropped (this kernel has no drop action for tc). */
const BLACK_HOLE = 'partition-drop';
const BLACK_HOLE_PEER = 'partition-sink';

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
  cut(traffic: PeerTraffic[]): void {
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
        FILTER_PRIORITY,
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

  /** Removes every cut; nothing to do when there is none. */
  heal(): void {
    try {
      tc('filter', 'del', 'dev', 'lo', 'egress', 'pref', FILTER_PRIORITY);
    } catch {
      // no filter of ours, or no clsact qdisc at all: nothing is cut
    }
  },
};

function bothWays(traffic: PeerTraffic): string[][] {
  if ('port' in traffic) return ['dport', 'sport'].map((side) => ['match', 'ip', side, String(traffic.port), '0xffff']);
  return ['src', 'dst'].map((side) => ['match', 'ip', side, `${traffic.address}/32`]);
}

/** The clsact qdisc on lo (it runs filters only: no queue, nothing shaped) and the black hole, once. */
function prepare(): void {
  if (!tc('qdisc', 'show', 'dev', 'lo').includes('clsact')) tc('qdisc', 'add', 'dev', 'lo', 'clsact');
  if (!run('ip', 'link', 'show').includes(`${BLACK_HOLE}@`)) {
    run('ip', 'link', 'add', BLACK_HOLE, 'type', 'veth', 'peer', 'name', BLACK_HOLE_PEER);
    run('ip', 'link', 'set', BLACK_HOLE, 'up');
  }
}

function tc(...args: string[]): string {
  return run('tc', ...args);
}

function run(command: string, ...args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
