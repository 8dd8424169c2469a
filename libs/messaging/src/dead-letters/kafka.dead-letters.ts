import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type KafkaMessage } from 'kafkajs';
import type { MessagingConfig } from '../messaging.config.js';
import { deadLetterTopic } from '../transports/kafka.transport.js';
import { describeDeadLetter, matches, type DeadLetter, type DeadLetterStore } from './dead-letter.js';

interface Stored {
  letter: DeadLetter;
  message: KafkaMessage;
}

/** A service's dead letters are the `<topic>.dlt` topics of the topics it consumes; a replay re-produces. */
export class KafkaDeadLetters implements DeadLetterStore {
  private readonly kafka: Kafka;

  constructor(
    config: MessagingConfig,
    private readonly consumedTopics: readonly string[],
  ) {
    this.kafka = new Kafka({
      clientId: `${config.serviceName}-dead-letters`,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
    });
  }

  async list(): Promise<DeadLetter[]> {
    return (await this.readAll()).map(({ letter }) => letter);
  }

  async replay(ids: string[]): Promise<number> {
    const wanted = new Set(ids);
    const chosen = (await this.readAll()).filter(({ letter }) => matches(letter, wanted));
    if (chosen.length === 0) return 0;
    const producer = this.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      for (const { letter, message } of chosen) {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).filter(([name]) => !name.startsWith('x-dead-letter-')),
        );
        await producer.send({
          topic: letter.origin,
          acks: -1,
          messages: [
            { key: message.key, value: message.value, headers: { ...headers, 'x-replayed-from': letter.locator } },
          ],
        });
      }
    } finally {
      await producer.disconnect();
    }
    return chosen.length;
  }

  async close(): Promise<void> {}

  /** Reads every dead-letter topic from its start to its current end with a throw-away consumer group. */
  private async readAll(): Promise<Stored[]> {
    const topics = this.consumedTopics.map(deadLetterTopic);
    const admin = this.kafka.admin();
    await admin.connect();
    const groupId = `dead-letters-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    try {
      const ends = new Map<string, bigint>();
      let total = 0n;
      for (const topic of topics) {
        for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
          ends.set(`${topic}:${partition}`, BigInt(high));
          total += BigInt(high) - BigInt(low);
        }
      }
      const stored: Stored[] = [];
      if (total === 0n) return stored;
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      const done = new Promise<void>((resolve) => {
        let seen = 0n;
        void consumer.run({
          eachMessage: async ({ topic, partition, message }) => {
            if (BigInt(message.offset) >= (ends.get(`${topic}:${partition}`) ?? 0n)) return;
            const locator = `${topic}:${partition}:${message.offset}`;
            stored.push({
              letter: describeDeadLetter(locator, message.value ?? Buffer.alloc(0), message.headers ?? {}, ''),
              message,
            });
            seen += 1n;
            if (seen === total) resolve();
          },
        });
      });
      await done;
      return stored;
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  }
}
