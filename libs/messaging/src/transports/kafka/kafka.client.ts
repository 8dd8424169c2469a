import { ClientKafka, type KafkaOptions, type OutgoingEvent } from '@nestjs/microservices';
import {
  Partitioners,
  type ICustomPartitioner,
  type Message,
  type Producer,
  type RecordMetadata,
  type TopicMessages,
} from 'kafkajs';
import { producerSessionLost, publishFailure, tooLarge } from './kafka.produce-errors.js';

/**
 * Kafka record batches stay well under the broker's default `message.max.bytes` (1 MiB) even when
 * large events share a batch; an event up to MESSAGING_MAX_EVENT_BYTES still goes alone.
 */
const MAX_BATCH_BYTES = 512 * 1024;

interface QueuedRecord {
  topic: string;
  message: Message;
  bytes: number;
  sent: (metadata: RecordMetadata[]) => void;
  failed: (error: unknown) => void;
}

/**
 * Nest's Kafka client, with the events emitted in one tick sent as one produce request.
 *
 * kafkajs' idempotent producer holds a lock per broker, so N concurrent `send()`s of one message each
 * are N round trips one after the other: the outbox relay, which publishes a batch of rows at once,
 * waited a round trip per row. Coalesced, they are one `sendBatch` (acks=all, same idempotence), and
 * each emit still resolves only once the broker acknowledged the request that carried its record.
 *
 * kafkajs' producer cannot go on once the cluster has lost its idempotent session (out-of-order sequence,
 * unknown producer id): it fails every later send the same way. This client then starts a new producer.
 */
export class CoalescingClientKafka extends ClientKafka {
  private queued: QueuedRecord[] = [];
  private renewal: Promise<void> | null = null;
  private readonly partitionOf: WeakMap<Message, number>;

  constructor(options: Required<KafkaOptions>['options']) {
    const partitionOf = new WeakMap<Message, number>();
    const createPartitioner = options.producer?.createPartitioner ?? Partitioners.DefaultPartitioner;
    super({
      ...options,
      producer: { ...options.producer, createPartitioner: remembering(createPartitioner, partitionOf) },
    });
    this.partitionOf = partitionOf;
  }

  protected override async dispatchEvent(packet: OutgoingEvent): Promise<RecordMetadata[]> {
    const topic = this.normalizePattern(packet.pattern);
    const message = (await this.serializer.serialize(packet.data, { pattern: topic })) as Message;
    return new Promise((sent, failed) => {
      this.queued.push({ topic, message, bytes: byteLength(message.value), sent, failed });
      if (this.queued.length === 1) setImmediate(() => void this.sendQueued());
    });
  }

  private async sendQueued(): Promise<void> {
    const records = this.queued;
    this.queued = [];
    for (const batch of batchesOf(records)) await this.produce(batch);
  }

  /**
   * Sends one batch and settles each of its emits. A producer whose session the cluster lost is
   * replaced and the batch sent once more on the new one; a batch too large for the broker is sent
   * record by record, so that only a record too large by itself is refused.
   */
  private async produce(batch: QueuedRecord[], onRenewedProducer = false): Promise<void> {
    let producer: Producer | undefined;
    try {
      producer = this.producer;
      const metadata = await producer.sendBatch({ topicMessages: byTopic(batch), ...(this.options.send ?? {}) });
      const answered = new Set(metadata.map(({ topicName, partition }) => `${topicName}/${partition}`));
      for (const record of batch) {
        const partition = this.partitionOf.get(record.message);
        if (partition === undefined || answered.has(`${record.topic}/${partition}`)) record.sent(metadata);
        else
          record.failed(
            new Error(`kafkajs reported ${record.topic} sent, but no broker answered for partition ${partition}`),
          );
      }
    } catch (error) {
      // Sent by a producer replaced meanwhile (its session was lost), or by one that just lost it.
      const replaced = producer !== undefined && producer !== this._producer;
      if (!onRenewedProducer && producer && (replaced || producerSessionLost(error))) {
        const renewed = await this.renewProducer(producer, error).then(
          () => true,
          (renewal: unknown) => {
            batch.forEach((record) => record.failed(renewal));
            return false;
          },
        );
        if (renewed) await this.produce(batch, true);
        return;
      }
      if (batch.length > 1 && tooLarge(error)) {
        for (const record of batch) await this.produce([record], onRenewedProducer);
        return;
      }
      const failure = publishFailure(error);
      batch.forEach((record) => record.failed(failure));
    }
  }

  /**
   * A new idempotent producer (a new producer id, sequence numbers from zero) in place of one whose
   * session the cluster lost; the records it had not confirmed are sent again, and consumers' inboxes
   * drop any copy. Sends failing at once on the same producer share one renewal.
   */
  private renewProducer(lost: Producer, error: unknown): Promise<void> {
    if (this._producer !== lost) return Promise.resolve();
    this.renewal ??= (async () => {
      this.logger.warn(`starting a new Kafka producer: the cluster lost this one's session (${describe(error)})`);
      const fresh = this.client!.producer(this.options.producer ?? {});
      await fresh.connect();
      this._producer = fresh;
      this.registerProducerEventListeners();
      void lost.disconnect().catch(() => undefined);
    })().finally(() => (this.renewal = null));
    return this.renewal;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * kafkajs' partitioner, also noting the partition it chose for each record. kafkajs (2.2.4) can resolve
 * a send that spanned brokers without sending some records: when one broker failed and its partitions
 * moved to a broker that had already answered, its retry asks only the brokers without an answer. Seen
 * in a rolling restart of a cluster. So a record counts as sent only if a broker answered for the
 * partition it was last given; otherwise its emit fails and the outbox sends it again.
 */
function remembering(createPartitioner: ICustomPartitioner, partitionOf: WeakMap<Message, number>): ICustomPartitioner {
  return () => {
    const partitioner = createPartitioner();
    return (args) => {
      const partition = partitioner(args);
      partitionOf.set(args.message, partition);
      return partition;
    };
  };
}

/** Consecutive records up to MAX_BATCH_BYTES each (at least one record per batch). */
function* batchesOf(records: QueuedRecord[]): Generator<QueuedRecord[]> {
  let batch: QueuedRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    if (batch.length > 0 && bytes + record.bytes > MAX_BATCH_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(record);
    bytes += record.bytes;
  }
  if (batch.length > 0) yield batch;
}

function byTopic(records: QueuedRecord[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, message } of records) {
    const messages = topics.get(topic);
    if (messages) messages.push(message);
    else topics.set(topic, [message]);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}

function byteLength(value: Message['value']): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
