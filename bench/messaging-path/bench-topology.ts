import {
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  UnsubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { type MessagingConfig } from '#messaging';
import { deadLetterQueue, deadLetterTopic, sqsDeadLetterQueue } from '#messaging/operator';
import { Kafka, logLevel } from 'kafkajs';
import { createAwsClients, destroyAwsClients } from '../aws-clients.js';
import { BENCH_EVENT_TYPE } from '../bench-event.js';
import { deleteQueue } from '../ceiling/rabbitmq-ceiling.js';
import { waitFor } from '../wait-for.js';

const kafkaAdmin = (config: MessagingConfig) =>
  new Kafka({ clientId: 'bench-topology', brokers: config.kafkaBrokers, logLevel: logLevel.ERROR }).admin();

const KAFKA_TOPICS = [BENCH_EVENT_TYPE, deadLetterTopic(BENCH_EVENT_TYPE)];

/**
 * Kafka keeps the bench topic's messages and a new group reads from the beginning: a topic left by an
 * earlier run (one that crashed before cleaning up) is removed first, so this run counts only its own.
 */
export async function removeLeftoverBenchTopics(config: MessagingConfig): Promise<void> {
  if (config.broker !== 'kafka') return;
  const admin = kafkaAdmin(config);
  await admin.connect();
  try {
    const leftovers = (await admin.listTopics()).filter((topic) => KAFKA_TOPICS.includes(topic));
    if (leftovers.length === 0) return;
    await admin.deleteTopics({ topics: leftovers });
    await waitFor(
      'the leftover bench topics to be deleted',
      async () => !(await admin.listTopics()).some((topic) => leftovers.includes(topic)),
      30_000,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Removes the run's topics, queues, groups and subscriptions that the messaging module provisioned. */
export async function removeBenchTopology(config: MessagingConfig): Promise<void> {
  const service = config.serviceName;
  switch (config.broker) {
    case 'kafka': {
      const admin = kafkaAdmin(config);
      await admin.connect();
      await admin.deleteGroups([service]).catch(() => undefined);
      await admin.deleteTopics({ topics: KAFKA_TOPICS }).catch(() => undefined);
      await admin.disconnect();
      return;
    }
    case 'rabbitmq':
      await deleteQueue(config.rabbitmqUrl, service);
      await deleteQueue(config.rabbitmqUrl, deadLetterQueue(service));
      return;
    case 'sqs': {
      const clients = createAwsClients(config.sqs);
      try {
        await unsubscribeQueue(clients.sns, service);
        for (const name of [service, sqsDeadLetterQueue(service)]) {
          const found = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name })).catch(() => null);
          if (found?.QueueUrl) await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: found.QueueUrl }));
        }
      } finally {
        destroyAwsClients(clients);
      }
      return;
    }
  }
}

/** The bench topic stays (it is shared by name); only this run's queue subscription goes. */
async function unsubscribeQueue(sns: SNSClient, queueName: string): Promise<void> {
  const { Topics = [] } = await sns.send(new ListTopicsCommand({}));
  for (const { TopicArn } of Topics) {
    if (!TopicArn?.endsWith(':bench_ping')) continue;
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    for (const subscription of Subscriptions) {
      if (subscription.Endpoint?.endsWith(`:${queueName}`) && subscription.SubscriptionArn) {
        await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription.SubscriptionArn }));
      }
    }
  }
}
