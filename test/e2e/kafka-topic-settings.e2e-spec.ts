import { randomUUID } from 'node:crypto';
import { loadBrokerConnections, loadMessagingConfig } from '#messaging';
import { provisionTopics } from '#messaging/operator';
import { describeOn } from '#testing';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';

/** The topic settings as a service reads them, from the variables a team would set. */
const settings = (env: Record<string, string>) =>
  loadMessagingConfig('inventory-service', { BROKER: 'kafka', ...env }).kafkaTopics;

describeOn(
  'kafka',
  'Kafka topics a service creates (KAFKA_TOPIC_PARTITIONS, KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS)',
  () => {
    const run = randomUUID().slice(0, 8);
    const topics = [`topic-settings-${run}.a`, `topic-settings-${run}.b`];
    let admin: Admin;

    beforeAll(async () => {
      admin = new Kafka({
        brokers: loadBrokerConnections(process.env).kafkaBrokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
    });

    afterAll(async () => {
      await admin?.deleteTopics({ topics }).catch(() => undefined);
      await admin?.disconnect();
    });

    it('are created with the partitions and in-sync copies configured, and said to fall short when they exist with fewer', async () => {
      expect(await provisionTopics(admin, topics, settings({ KAFKA_TOPIC_PARTITIONS: '2' }))).toEqual([]);

      const { topics: described } = await admin.fetchTopicMetadata({ topics });
      expect(described.map(({ name, partitions }) => [name, partitions.length]).sort()).toEqual(
        topics.map((topic) => [topic, 2]),
      );
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['min.insync.replicas'],
        })),
      });
      expect(resources.map(({ configEntries }) => configEntries[0]?.configValue)).toEqual(['1', '1']);

      // Asked again for more than they have: they are used as they are, and the service is told so.
      const shortfalls = await provisionTopics(admin, topics, settings({ KAFKA_TOPIC_PARTITIONS: '6' }));
      expect(shortfalls.sort()).toEqual(topics.map((topic) => `${topic} has 2 partitions, replication factor 1`));
    });

    it('are refused by a single broker when more copies are asked than it has brokers, naming the setting', async () => {
      const replicated = settings({ KAFKA_REPLICATION_FACTOR: '3' });
      await expect(provisionTopics(admin, [`topic-settings-${run}.replicated`], replicated)).rejects.toThrow(
        /KAFKA_REPLICATION_FACTOR/,
      );
    });
  },
);
