import { execFileSync } from 'node:child_process';
import type { ConsumingService } from '#events';
import { deadLetterQueue } from '#messaging/operator';
import amqp from 'amqplib';
import type { BrokerAdmin, RunFootprint } from '../broker-admin.js';

/** RabbitMQ's view: queues and their consumers over AMQP, message counts from the local node's rabbitmqctl. */
export class RabbitmqBrokerAdmin implements BrokerAdmin {
  constructor(private readonly url: string) {}

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

  /** AMQP tells ready messages only; rabbitmqctl also tells those delivered and not yet acknowledged. */
  async caughtUp(service: ConsumingService): Promise<boolean> {
    const listing = execFileSync(
      'rabbitmqctl',
      ['-q', 'list_queues', 'name', 'messages_ready', 'messages_unacknowledged'],
      {
        encoding: 'utf8',
      },
    );
    const row = listing
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .find(([name]) => name === service);
    return row !== undefined && row[1] === '0' && row[2] === '0';
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
