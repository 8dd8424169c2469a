import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { SUBSCRIPTIONS, type ConsumingService } from '#events';
import {
  chunksOf,
  DEAD_LETTER_CHUNK_BYTES,
  MessageSpy,
  type RawBrokerClient,
  type RawDeadLetterMessage,
} from '../raw-broker-client.js';

export class KafkaRawClient implements RawBrokerClient {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;

  constructor(private readonly brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'test-raw-client', brokers, logLevel: logLevel.NOTHING });
  }

  async publish(topic: string, key: string, body: Buffer | string, headers: Record<string, string> = {}) {
    if (!this.producer) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: [{ key, value: body, headers }] });
  }

  /** Into `<consumed topic>.dlt` (the one named by x-dead-letter-origin, else the service's first). */
  async writeDeadLetters(service: ConsumingService, letters: Iterable<RawDeadLetterMessage>): Promise<void> {
    const consumed: readonly string[] = SUBSCRIPTIONS[service];
    const topicOf = (letter: RawDeadLetterMessage) =>
      `${consumed.includes(letter.headers['x-dead-letter-origin']!) ? letter.headers['x-dead-letter-origin'] : consumed[0]}.dlt`;
    // Kafka's size limit holds for a partition's whole batch: large letters go alone.
    for (const chunk of chunksOf(letters, DEAD_LETTER_CHUNK_BYTES)) {
      for (const topic of new Set(chunk.map(topicOf))) {
        const messages = chunk.filter((letter) => topicOf(letter) === topic);
        await this.publishAll(topic, messages);
      }
    }
  }

  private async publishAll(topic: string, letters: RawDeadLetterMessage[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    await this.producer.send({
      topic,
      acks: -1,
      messages: letters.map(({ key, body, headers }) => ({ key, value: body, headers })),
    });
  }

  /** A fresh consumer group that starts at today's end of each topic: it sees only new messages. */
  async spy(topics: string[]): Promise<MessageSpy> {
    const groupId = `test-spy-${randomUUID()}`;
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await Promise.all(
      topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })),
    );
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    const spy = new MessageSpy(async () => {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({
      eachMessage: async ({ topic, message }) =>
        spy.record({
          destination: topic,
          key: message.key?.toString(),
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
          contentType: message.headers?.['content-type']?.toString(),
          body: message.value ?? Buffer.alloc(0),
        }),
    });
    // Seeking to the recorded ends (applied as partitions are assigned) skips what earlier runs left.
    for (const { topic, offsets } of ends) {
      for (const { partition, high } of offsets) consumer.seek({ topic, partition, offset: high });
    }
    await joined;
    return spy;
  }

  /** True when the cluster answers metadata and group-coordinator requests. */
  async ping(): Promise<boolean> {
    const admin = new Kafka({
      clientId: 'test-ping',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.describeGroups(['test-ping']);
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}
