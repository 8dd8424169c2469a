import { execFileSync } from 'node:child_process';
import { SUBSCRIPTIONS, type ConsumingService } from '#events';
import type { BrokerName } from '#messaging';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from './poll.js';

/**
 * Waits until a service has consumed everything on its subscriptions: the Kafka group's committed
 * offsets reach each partition's end, or the RabbitMQ or SQS queue holds no ready or unacknowledged message.
 * This is how a test knows that a message it expects to change nothing has really been handled.
 */
export async function waitUntilConsumed(broker: BrokerName, service: ConsumingService, timeoutMs = 60_000) {
  const check = { kafka: kafkaCaughtUp, rabbitmq: rabbitmqCaughtUp, sqs: sqsCaughtUp }[broker];
  const caughtUp = async () => check(service);
  await waitFor(`${service} to consume everything`, caughtUp, { timeoutMs, intervalMs: 250 });
}

async function kafkaCaughtUp(service: ConsumingService): Promise<boolean> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const admin = new Kafka({ clientId: 'test-lag', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (const topic of SUBSCRIPTIONS[service]) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: service, topics: [topic] });
      for (const { partition, high } of ends) {
        const offset = committed.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
        if (BigInt(offset) < BigInt(high)) return false;
      }
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

function rabbitmqCaughtUp(service: ConsumingService): boolean {
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

async function sqsCaughtUp(service: ConsumingService): Promise<boolean> {
  const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566';
  const sqs = new SQSClient({
    region: process.env.AWS_REGION || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
  });
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: service }));
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return Object.values(Attributes).every((count) => count === '0');
  } finally {
    sqs.destroy();
  }
}
