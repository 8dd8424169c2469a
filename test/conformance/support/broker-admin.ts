import { deadLetterQueue, deadLetterTopic } from '#messaging/operator';
import amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import type { ConformanceBroker } from '../capabilities.js';

/** What one run created on the broker, so that it can delete exactly that. */
export interface RunFootprint {
  /** Appears in every name the run made up (types, services), and in nothing else. */
  marker: string;
  types: string[];
  services: string[];
}

/** The little the suite asks a broker directly, besides what goes through libs/messaging. */
export interface ConformanceBrokerAdmin {
  /** True once exactly `count` instances of the service are consuming (group member / queue consumer). */
  consumersActive(serviceName: string, count: number): Promise<boolean>;
  /** Deletes the run's topics, queues, subscriptions and consumer groups; what others made stays. */
  deleteRun(footprint: RunFootprint): Promise<void>;
}

export async function brokerAdminFor(broker: ConformanceBroker): Promise<ConformanceBrokerAdmin> {
  switch (broker) {
    case 'kafka':
      return new KafkaAdmin();
    case 'rabbitmq':
      return new RabbitmqAdmin();
    case 'sqs': {
      // Loaded only when SQS runs, so the other brokers never touch the AWS SDK.
      const { SqsAdmin } = await import('./sqs.broker-admin.js');
      return new SqsAdmin();
    }
  }
}

class KafkaAdmin implements ConformanceBrokerAdmin {
  private readonly kafka = new Kafka({
    clientId: 'conformance-admin',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });

  async consumersActive(serviceName: string, count: number): Promise<boolean> {
    return this.withAdmin(async (admin) => {
      const {
        groups: [group],
      } = await admin.describeGroups([serviceName]);
      return group?.state === 'Stable' && group.members.length === count;
    });
  }

  async deleteRun({ types, services }: RunFootprint): Promise<void> {
    await this.withAdmin(async (admin) => {
      await admin.deleteGroups(services).catch(() => undefined);
      const existing = new Set(await admin.listTopics());
      const topics = [...types, ...types.map(deadLetterTopic)].filter((topic) => existing.has(topic));
      if (topics.length > 0) await admin.deleteTopics({ topics });
    });
  }

  private async withAdmin<T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}

class RabbitmqAdmin implements ConformanceBrokerAdmin {
  private readonly url = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

  async consumersActive(serviceName: string, count: number): Promise<boolean> {
    const connection = await amqp.connect(this.url);
    try {
      const channel = await connection.createChannel();
      const { consumerCount } = await channel.checkQueue(serviceName);
      return consumerCount === count;
    } finally {
      await connection.close().catch(() => undefined);
    }
  }

  async deleteRun({ services }: RunFootprint): Promise<void> {
    const connection = await amqp.connect(this.url);
    try {
      const channel = await connection.createChannel();
      // Deleting a queue removes its bindings; the shared `events` exchange stays.
      for (const service of services) {
        await channel.deleteQueue(service);
        await channel.deleteQueue(deadLetterQueue(service));
      }
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
}
