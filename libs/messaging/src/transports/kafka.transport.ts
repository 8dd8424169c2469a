import { CLOUDEVENTS_CONTENT_TYPE, encodeEnvelope, type EventEnvelope } from '#events';
import type { Type } from '@nestjs/common';
import {
  KafkaContext,
  type ClientProxy,
  type ClientProvider,
  type Deserializer,
  type IncomingEvent,
  type MicroserviceOptions,
  type Serializer,
} from '@nestjs/microservices';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type KafkaConfig,
  type ProducerConfig,
} from 'kafkajs';
import type { BrokerTransport, Delivery, EventTraffic } from '../broker-transport.js';
import { takeInEvent, type IntakePolicy } from '../event-intake.js';
import type { MessagingConfig } from '../messaging.config.js';
import { deadLetterHeaders } from './dead-letter-headers.js';
import { CoalescingClientKafka } from './kafka.client.js';
import { EventTypeServerKafka } from './kafka.server.js';
import { untilTopicsHaveLeaders } from './kafka-topic-leaders.js';

const PARTITIONS = 3;
export const deadLetterTopic = (topic: string) => `${topic}.dlt`;

/** Envelope -> Kafka record: key = subject keeps one order's events in order; value = the CloudEvent. */
class KafkaCloudEventSerializer implements Serializer<EventEnvelope> {
  serialize(envelope: EventEnvelope) {
    return {
      key: envelope.subject,
      value: encodeEnvelope(envelope),
      headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
    };
  }
}

/**
 * Kafka record (its value as raw bytes: `keepBinary`) -> envelope; the topic is the pattern. Never
 * throws: refused bytes travel on to the topic's handler as an UnprocessableMessage, i.e. as poison.
 */
class KafkaCloudEventDeserializer implements Deserializer<{ value: Buffer | null }, IncomingEvent> {
  constructor(private readonly policy: IntakePolicy) {}

  deserialize(message: { value: Buffer | null }, options?: { channel?: string }): IncomingEvent {
    return { pattern: options?.channel ?? '', data: takeInEvent(message.value ?? Buffer.alloc(0), this.policy) };
  }
}

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

export class KafkaTransport implements BrokerTransport {
  readonly extraControllers = [];
  private healthAdmin: Admin | null = null;

  /** The consumer Nest created, seen on the first message: what stopConsuming() pauses. */
  private consumer: Consumer | null = null;

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
    return {
      strategy: new EventTypeServerKafka({
        // The consumer group is the service's name, exactly (Nest would append "-server").
        postfixId: '',
        client: this.clientConfig(),
        consumer: {
          groupId: this.config.serviceName,
          allowAutoTopicCreation: false,
          sessionTimeout: this.config.kafkaSessionTimeoutMs,
          heartbeatInterval: Math.min(3_000, Math.floor(this.config.kafkaSessionTimeoutMs / 3)),
          // A consumer that lost the broker keeps trying to come back rather than crash the process.
          retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
        },
        // A new group starts at the beginning so events published before its first start are not skipped.
        subscribe: { fromBeginning: true },
        // kafkajs commits an offset only after eachMessage resolved, i.e. after the handler succeeded.
        run: { autoCommit: true, partitionsConsumedConcurrently: PARTITIONS },
        // Used to dead-letter: idempotent and acks=all, like the publisher.
        producer: PRODUCER,
        send: { acks: -1 },
        // The value reaches the deserializer as the bytes received, so its size is checked before parsing.
        parser: { keepBinary: true },
        deserializer: new KafkaCloudEventDeserializer(this.config),
      }),
    };
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
    const { consumes, publishes } = this.traffic;
    const admin = new Kafka(this.clientConfig()).admin();
    await admin.connect();
    try {
      const wanted = [...new Set([...publishes, ...consumes, ...consumes.map(deadLetterTopic)])];
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
        });
        await untilTopicsHaveLeaders(admin, missing);
      }
    } finally {
      await admin.disconnect();
    }
  }

  async checkConnectivity(): Promise<void> {
    if (!this.healthAdmin) {
      const admin = new Kafka({ ...this.clientConfig(), retry: { retries: 0 } }).admin();
      await admin.connect();
      this.healthAdmin = admin;
    }
    try {
      await this.healthAdmin.describeCluster();
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.healthAdmin;
    this.healthAdmin = null;
    await admin?.disconnect().catch(() => undefined);
  }

  async stopConsuming(): Promise<void> {
    this.consumer?.pause(this.traffic.consumes.map((topic) => ({ topic })));
  }

  deliveryFor(transportContext: unknown): Delivery {
    const context = transportContext as KafkaContext;
    this.consumer ??= context.getConsumer();
    const consumer = this.config.serviceName;
    return {
      // kafkajs commits the offset once the handler's promise resolved; nothing to do here.
      acknowledge: () => undefined,
      // The handler's error reaches kafkajs, which then does not commit: the message comes again.
      release: () => undefined,
      heartbeat: () => context.getHeartbeat()(),
      deadLetter: async (failure) => {
        const message = context.getMessage();
        const topic = context.getTopic();
        await context.getProducer().send({
          topic: deadLetterTopic(topic),
          acks: -1,
          messages: [
            {
              key: asBytes(message.key),
              value: message.value,
              headers: {
                ...Object.fromEntries(
                  Object.entries(message.headers ?? {}).map(([name, value]) => [name, asBytes(value)]),
                ),
                ...deadLetterHeaders(failure, { destination: topic, consumer }),
                'x-dead-letter-partition': String(context.getPartition()),
                'x-dead-letter-offset': message.offset,
              },
            },
          ],
        });
      },
    };
  }
}

/** Nest's parser turns JSON-looking keys and headers into objects; Kafka wants them back as bytes. */
function asBytes(value: unknown): Buffer | string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}
