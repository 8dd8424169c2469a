import { SUBSCRIPTIONS, type ConsumingService } from '#events';
import { deadLetterTopic, recordsNotConsumed } from '#messaging/operator';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { BrokerAdmin, RunFootprint } from '../broker-admin.js';

/** Kafka's view through its admin API: consumer groups, their committed offsets, topics. */
export class KafkaBrokerAdmin implements BrokerAdmin {
  private readonly kafka: Kafka;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'test-admin', brokers, logLevel: logLevel.NOTHING });
  }

  async consumersActive(serviceName: string, count: number): Promise<boolean> {
    return this.withAdmin(async (admin) => {
      const {
        groups: [group],
      } = await admin.describeGroups([serviceName]);
      return group?.state === 'Stable' && group.members.length === count;
    });
  }

  async caughtUp(service: ConsumingService): Promise<boolean> {
    return this.withAdmin(async (admin) => (await recordsNotConsumed(admin, service, SUBSCRIPTIONS[service])) === 0n);
  }

  async deleteRun({ types, services }: RunFootprint): Promise<void> {
    await this.withAdmin(async (admin) => {
      await admin.deleteGroups(services).catch(() => undefined);
      const existing = new Set(await admin.listTopics());
      const topics = [...types, ...types.map(deadLetterTopic)].filter((topic) => existing.has(topic));
      if (topics.length > 0) await admin.deleteTopics({ topics });
    });
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}
