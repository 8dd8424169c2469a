import type { Admin } from 'kafkajs';
import type { EventTraffic } from '../../broker-transport.js';
import type { KafkaTopicSettings } from '../../messaging.config.js';
import { deadLetterTopic, eventTopic } from './kafka.names.js';
import { untilTopicsHaveLeaders } from './kafka.topic-leaders.js';

/** The topics a service needs: those it publishes to, consumes from, and its consumed topics' dead letters. */
export function topicsFor(traffic: EventTraffic): string[] {
  const consumed = traffic.consumes.map(eventTopic);
  return [...new Set([...traffic.publishes.map(eventTopic), ...consumed, ...consumed.map(deadLetterTopic)])];
}

/**
 * Creates the missing ones (idempotent) as the settings say and returns once each has a leader, i.e.
 * can be used. Returns what it found of the existing ones that falls short of the settings: Kafka never
 * adds copies to a topic by itself, and partitions only by an explicit request.
 */
export async function provisionTopics(admin: Admin, topics: string[], settings: KafkaTopicSettings): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    await admin
      .createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: settings.replicationFactor,
          configEntries: [{ name: 'min.insync.replicas', value: String(settings.minInsyncReplicas) }],
        })),
      })
      .catch((error: unknown) => {
        throw new Error(
          `Kafka refused to create ${missing.join(', ')} with ${settings.partitions} partitions and ` +
            `${settings.replicationFactor} copies (KAFKA_TOPIC_PARTITIONS, KAFKA_REPLICATION_FACTOR): ${String(error)}`,
          { cause: error },
        );
      });
    await untilTopicsHaveLeaders(admin, missing);
  }
  return shortfalls(
    admin,
    topics.filter((topic) => existing.has(topic)),
    settings,
  );
}

async function shortfalls(admin: Admin, topics: string[], settings: KafkaTopicSettings): Promise<string[]> {
  if (topics.length === 0) return [];
  const { topics: described } = await admin.fetchTopicMetadata({ topics });
  return described.flatMap(({ name, partitions }) => {
    const copies = Math.min(...partitions.map((partition) => partition.replicas.length));
    return partitions.length < settings.partitions || copies < settings.replicationFactor
      ? [`${name} has ${partitions.length} partitions, replication factor ${copies}`]
      : [];
  });
}
