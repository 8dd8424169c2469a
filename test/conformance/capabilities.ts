/**
 * What each broker promises, as the transport conformance suite holds it to them
 * (test/conformance/transport.conformance-spec.ts), and as docs/brokers.md, "Choosing a broker", shows it.
 * A promised capability is asserted in full; one not promised is asserted as far as it still holds
 * (order: completeness only) or skipped with its reason in the test's title.
 * Adding a broker is one entry in BROKER_CAPABILITIES (plus its folder in libs/testing/src/brokers/).
 */

export const CONFORMANCE_BROKERS = ['kafka', 'rabbitmq', 'sqs'] as const;
/** Wider than #messaging's BrokerName: a broker can be described before libs/messaging has its transport. */
export type ConformanceBroker = (typeof CONFORMANCE_BROKERS)[number];

/** The rows of the table, in order, with how the docs name them. */
export const CAPABILITIES = {
  orderingPerKey: "ordering per key (one subject's events handled in publish order)",
  competingConsumers: 'competing consumers (instances of one service share its events)',
  fanOut: 'fan-out (every consuming service gets every event)',
  redeliveryAfterCrash: 'redelivery after a consumer crash',
  deadLettering: 'dead-lettering with reason after `MESSAGING_MAX_ATTEMPTS`',
  reconnect: 'survives a broker restart',
  closeWithoutLoss: 'no loss across a graceful consumer restart',
  exactlyOnce: 'exactly-once delivery',
} as const;

export type Capability = keyof typeof CAPABILITIES;

export interface Claim {
  promised: boolean;
  /** One line: what in the broker or the transport makes it so (or not). */
  why: string;
}

export interface BrokerCapabilities {
  /** The column title in the docs. */
  label: string;
  capabilities: Record<Capability, Claim>;
}

const yes = (why: string): Claim => ({ promised: true, why });
const no = (why: string): Claim => ({ promised: false, why });

export const BROKER_CAPABILITIES: Record<ConformanceBroker, BrokerCapabilities> = {
  kafka: {
    label: 'Kafka',
    capabilities: {
      orderingPerKey: yes(
        "key = subject picks the partition, and within a partition one key's records are handled one after another",
      ),
      competingConsumers: yes(
        'consumer group = service name; its instances split the partitions (3, so at most 3 busy instances)',
      ),
      fanOut: yes('each service is its own consumer group and reads the whole topic'),
      redeliveryAfterCrash: yes(
        "offsets are committed only after the handler; another member re-reads them once the dead one's session (`KAFKA_SESSION_TIMEOUT_MS`) expires",
      ),
      deadLettering: yes('`<topic>.dlt`, written by the consumer with the `x-dead-letter-*` headers'),
      reconnect: yes('kafkajs producers and consumers retry without limit'),
      closeWithoutLoss: yes('in-flight handlers finish and commit before the member leaves; the log keeps the rest'),
      exactlyOnce: no(
        'at-least-once: a rebalance or crash replays from the last commit; consumers deduplicate on its source and id',
      ),
    },
  },
  rabbitmq: {
    label: 'RabbitMQ',
    capabilities: {
      orderingPerKey: no('one queue per service, delivered in order, but up to `MESSAGING_PREFETCH` handled at once'),
      competingConsumers: yes("instances consume the service's one queue; the broker round-robins between them"),
      fanOut: yes('the topic exchange copies each event to every service queue bound to its type'),
      redeliveryAfterCrash: yes("unacknowledged messages are requeued as soon as the dead consumer's connection drops"),
      deadLettering: yes('`<service>.dlq`, written by the consumer with the `x-dead-letter-*` headers'),
      reconnect: yes('amqp-connection-manager reconnects and declares its queue and bindings again'),
      closeWithoutLoss: yes(
        'the consumer is cancelled, in-flight handlers finish and ack; anything unacknowledged is requeued',
      ),
      exactlyOnce: no(
        'at-least-once: a dropped connection requeues what was not acknowledged; consumers deduplicate on its source and id',
      ),
    },
  },
  sqs: {
    label: 'Amazon SNS/SQS',
    capabilities: {
      orderingPerKey: no('standard queues keep only best-effort order, and polled batches are handled concurrently'),
      competingConsumers: yes("instances poll the service's one queue; a received message is invisible to the others"),
      fanOut: yes("the type's SNS topic delivers to every service queue subscribed to it"),
      redeliveryAfterCrash: yes(
        'a message is deleted only after the handler; it becomes visible again when its visibility timeout (`SQS_VISIBILITY_TIMEOUT_SECONDS`) runs out',
      ),
      deadLettering: yes(
        '`<service>-dlq`, written by the consumer with `x-dead-letter-*` attributes; its redrive policy is the backstop',
      ),
      reconnect: yes('every call is a stateless HTTP request; polling resumes when the endpoint answers again'),
      closeWithoutLoss: yes('polling stops, in-flight handlers finish and delete; the queue keeps the rest'),
      exactlyOnce: no(
        'at-least-once: standard queues may deliver a message twice; consumers deduplicate on its source and id',
      ),
    },
  },
};

export function capabilitiesOf(broker: ConformanceBroker): Record<Capability, Claim> {
  return BROKER_CAPABILITIES[broker].capabilities;
}

/** The table docs/brokers.md shows under "Choosing a broker", one cell per claim: `✓ why` or `✗ why`. */
export function capabilityTableRows(): string[][] {
  const header = ['capability', ...CONFORMANCE_BROKERS.map((broker) => BROKER_CAPABILITIES[broker].label)];
  const rows = (Object.keys(CAPABILITIES) as Capability[]).map((capability) => [
    CAPABILITIES[capability],
    ...CONFORMANCE_BROKERS.map((broker) => {
      const { promised, why } = capabilitiesOf(broker)[capability];
      return `${promised ? '✓' : '✗'} ${why}`;
    }),
  ]);
  return [header, ...rows];
}

/** The same table as Markdown (run through Prettier, it is what docs/brokers.md holds). */
export function capabilityTableMarkdown(): string {
  const [header, ...rows] = capabilityTableRows();
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
