import { Logger, type Type } from '@nestjs/common';
import type { ClientProxy, ClientProvider, KafkaContext, MicroserviceOptions } from '@nestjs/microservices';
import { Kafka, logLevel, Partitioners, type Admin, type KafkaConfig, type ProducerConfig } from 'kafkajs';
import type { BrokerTransport, Delivery, EventTraffic } from '../../broker-transport.js';
import type { MessagingConfig } from '../../messaging.config.js';
import { CoalescingClientKafka } from './kafka.client.js';
import { KafkaCloudEventDeserializer, KafkaCloudEventSerializer } from './kafka.codec.js';
import { recordsNotConsumed } from './kafka.consumer-lag.js';
import { KafkaDelivery } from './kafka.delivery.js';
import { EventTypeServerKafka } from './kafka.server.js';
import { provisionTopics, topicsFor } from './kafka.topology.js';

/**
 * Idempotent with acks=all; retries without limit (kafkajs' own default for idempotent producers)
 * so a send waits out a broker restart instead of failing; the outbox keeps the event meanwhile.
 */
const PRODUCER: ProducerConfig = {
  idempotent: true,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
  retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
};

/**
 * Dead letters go out without an idempotent session: kafkajs' producer cannot go on once the cluster
 * lost one, and the server's producer has no way to start another, so every later dead letter would
 * fail and its record come back for ever. A dead letter written twice is listed twice; a replay of both
 * is deduplicated by the consumer's inbox.
 */
const DEAD_LETTER_PRODUCER: ProducerConfig = { ...PRODUCER, idempotent: false };

export class KafkaTransport implements BrokerTransport {
  readonly extraControllers = [];
  private readonly logger = new Logger('KafkaTransport');
  private healthAdmin: Promise<Admin> | null = null;

  /** The server strategy consuming this service's topics: what stopConsuming() pauses. */
  private server: EventTypeServerKafka | null = null;

  constructor(
    private readonly config: MessagingConfig,
    private readonly traffic: EventTraffic,
  ) {}

  private clientConfig(): KafkaConfig {
    return {
      clientId: this.config.serviceName,
      brokers: this.config.kafkaBrokers,
      logLevel: logLevel.WARN,
      // Keep reconnecting through a broker restart instead of giving up after kafkajs' default 5 tries.
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 30 },
    };
  }

  serverOptions(): MicroserviceOptions {
    this.server ??= new EventTypeServerKafka(
      {
        // The consumer group is the service's name, exactly (Nest would append "-server").
        postfixId: '',
        client: this.clientConfig(),
        consumer: {
          groupId: this.config.serviceName,
          allowAutoTopicCreation: false,
          sessionTimeout: this.config.kafkaSessionTimeoutMs,
          heartbeatInterval: Math.min(3_000, Math.floor(this.config.kafkaSessionTimeoutMs / 3)),
          // A consumer that lost a broker retries for about 30 s, then kafkajs restarts it (restartOnFailure),
          // which asks the cluster again where its group coordinator and partition leaders are now. Retrying
          // without end would wait forever for a node of a cluster that is gone; the process never crashes.
          retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 },
          // How long an idle fetch waits for records: the Java client's 500 ms, not kafkajs' 5 s, because
          // stopping the consumer (SIGTERM, a rolling deploy) waits for the fetch under way to return.
          maxWaitTimeInMs: 500,
        },
        // A new group starts at the beginning so events published before its first start are not skipped.
        subscribe: { fromBeginning: true },
        // kafkajs commits the offsets the server resolved, i.e. of records whose handler succeeded.
        run: { autoCommit: true, partitionsConsumedConcurrently: this.config.kafkaTopics.partitions },
        // Used to dead-letter: acks=all, like the publisher.
        producer: DEAD_LETTER_PRODUCER,
        send: { acks: -1 },
        // The value reaches the deserializer as the bytes received, so its size is checked before parsing.
        parser: { keepBinary: true },
        deserializer: new KafkaCloudEventDeserializer(this.config),
      },
      // Records handled at once per partition, so that all partitions together stay within the prefetch.
      Math.max(1, Math.floor(this.config.prefetch / this.config.kafkaTopics.partitions)),
    );
    return { strategy: this.server };
  }

  clientOptions(): ClientProvider {
    return {
      // Nest's Kafka client, sending what is emitted together in one request (see CoalescingClientKafka).
      // (Nest types a custom client as ClientProxy<never, string>; ClientKafka's status type is narrower.)
      customClass: CoalescingClientKafka as unknown as Type<ClientProxy>,
      options: {
        postfixId: '',
        client: this.clientConfig(),
        producerOnlyMode: true,
        producer: PRODUCER,
        send: { acks: -1 },
        serializer: new KafkaCloudEventSerializer(),
      },
    };
  }

  async provisionTopology(): Promise<void> {
    const admin = new Kafka(this.clientConfig()).admin();
    await admin.connect();
    try {
      const shortfalls = await provisionTopics(admin, topicsFor(this.traffic), this.config.kafkaTopics);
      if (shortfalls.length > 0) {
        const { partitions, replicationFactor } = this.config.kafkaTopics;
        this.logger.warn(
          `existing topics have fewer than the ${partitions} partitions or replication factor ${replicationFactor} configured, and are used as they are: ` +
            `${shortfalls.join('; ')} (kafka-topics.sh --alter adds partitions; kafka-reassign-partitions.sh adds copies)`,
        );
      }
    } finally {
      await admin.disconnect();
    }
  }

  async checkConnectivity(): Promise<void> {
    try {
      await (await this.admin()).describeCluster();
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async waitingMessages(): Promise<number> {
    if (this.traffic.consumes.length === 0) return 0;
    return Number(await recordsNotConsumed(await this.admin(), this.config.serviceName, this.traffic.consumes));
  }

  /** The admin client readiness and consumer lag share, connected on first use (once, if both ask at once). */
  private admin(): Promise<Admin> {
    this.healthAdmin ??= (async () => {
      // A probe must answer at once, yet from any broker that is up: kafkajs tries the listed brokers in
      // order, one per retry, so with no retry a cluster whose first broker is down looked unreachable (and
      // the outbox relay, which waits for a reachable broker, stopped publishing until it came back).
      const everyBrokerOnce = { retries: this.config.kafkaBrokers.length - 1, initialRetryTime: 50, maxRetryTime: 100 };
      const admin = new Kafka({ ...this.clientConfig(), retry: everyBrokerOnce }).admin();
      await admin.connect();
      return admin;
    })();
    const connecting = this.healthAdmin;
    connecting.catch(() => {
      if (this.healthAdmin === connecting) this.healthAdmin = null;
    });
    return connecting;
  }

  async close(): Promise<void> {
    const admin = this.healthAdmin;
    this.healthAdmin = null;
    await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
  }

  async stopConsuming(): Promise<void> {
    this.server?.stopConsuming(this.traffic.consumes);
  }

  deliveryFor(transportContext: unknown): Delivery {
    return new KafkaDelivery(transportContext as KafkaContext, this.config.serviceName);
  }
}
