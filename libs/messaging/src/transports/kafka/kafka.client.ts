import { ClientKafka, type KafkaOptions, type OutgoingEvent } from '@nestjs/microservices';
import { Partitioners, type ICustomPartitioner, type Message, type RecordMetadata, type TopicMessages } from 'kafkajs';

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
 */
export class CoalescingClientKafka extends ClientKafka {
  private queued: QueuedRecord[] = [];
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
    for (const batch of batchesOf(records)) {
      try {
        const metadata = await this.producer.sendBatch({
          topicMessages: byTopic(batch),
          ...(this.options.send ?? {}),
        });
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
        batch.forEach((record) => record.failed(error));
      }
    }
  }
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
