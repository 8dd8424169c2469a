import { execFileSync } from 'node:child_process';

/**
 * The established TCP connections a process holds to a port (e.g. its broker's), as
 * "local -> peer" strings: the same count `rabbitmqctl list_connections` gives for AMQP, and it
 * works for Kafka and HTTP endpoints alike.
 */
export function connectionsOf(pid: number, remotePort: number): Set<string> {
  const output = execFileSync('ss', ['-Htnp', 'state', 'established', `( dport = :${remotePort} )`], {
    encoding: 'utf8',
  });
  return new Set(
    output
      .split('\n')
      .filter((line) => line.includes(`pid=${pid},`))
      .map((line) => {
        const [, , local, peer] = line.trim().split(/\s+/);
        return `${local} -> ${peer}`;
      }),
  );
}
