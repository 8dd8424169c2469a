import type { EventTraffic } from '../../broker-transport.js';
import { UNPROCESSABLE_MESSAGE_PATTERN } from '../../unprocessable-message.js';
import { deadLetterQueue, EVENTS_EXCHANGE, UNROUTED_EXCHANGE } from './rabbitmq.names.js';

/**
 * RabbitMQ's name for the default exchange in permission checks: a queue declared with
 * `x-dead-letter-exchange: ''` and a publish straight to `<service>.dlq` both need write on it.
 */
export const DEFAULT_EXCHANGE_RESOURCE = 'amq.default';

/** One user's rights in a vhost: regexes over resource names, plus routing keys on topic exchanges. */
export interface RabbitmqPermissions {
  configure: string;
  write: string;
  read: string;
  /** Topic authorisation: which routing keys the user may publish (write) and bind its queues to (read). */
  topics: Array<{ exchange: string; write: string; read: string }>;
}

/**
 * Exactly what RabbitmqTransport (with Nest's ServerRMQ and ClientRMQ) does as one service, so that
 * the service's own broker user can do that and nothing else:
 *
 * - provisionTopology declares `events.unrouted` (exchange and queue, bound), `events` with it as
 *   alternate exchange, `<service>.dlq`, and `<service>` with the default exchange as dead-letter
 *   exchange, bound to each consumed type;
 * - ServerRMQ declares `<service>` and `events` again, binds one routing key per handler (the consumed
 *   types and UNPROCESSABLE_MESSAGE_PATTERN) and consumes `<service>`;
 * - ClientRMQ declares `events`, consumes the direct reply-to pseudo-queue (no permission needed)
 *   and publishes the service's own types on `events`;
 * - dead-lettering publishes to `<service>.dlq` through the default exchange.
 *
 * RabbitMQ requires: declare = configure; declare with an alternate or dead-letter exchange = also
 * write on that exchange and read on the declared one; bind = write on the queue, read on the
 * exchange; publish = write on the exchange; consume = read on the queue.
 *
 * Not granted: another service's queues, reading any dead-letter queue (the operator's tool does
 * that), and publishing or binding routing keys the service does not declare.
 */
export function rabbitmqPermissions(serviceName: string, traffic: EventTraffic): RabbitmqPermissions {
  return {
    configure: anyOf([EVENTS_EXCHANGE, UNROUTED_EXCHANGE, serviceName, deadLetterQueue(serviceName)]),
    write: anyOf([EVENTS_EXCHANGE, UNROUTED_EXCHANGE, serviceName, DEFAULT_EXCHANGE_RESOURCE]),
    read: anyOf([EVENTS_EXCHANGE, UNROUTED_EXCHANGE, serviceName]),
    topics: [
      {
        exchange: EVENTS_EXCHANGE,
        write: anyOf(traffic.publishes),
        read: anyOf([...traffic.consumes, UNPROCESSABLE_MESSAGE_PATTERN]),
      },
    ],
  };
}

/** A regex matching exactly these names; matching nothing when there are none. */
function anyOf(names: readonly string[]): string {
  const unique = [...new Set(names)].sort();
  return unique.length === 0 ? '^$' : `^(${unique.map(escapeRegex).join('|')})$`;
}

function escapeRegex(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
