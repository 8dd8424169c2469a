import type { ConsumingService } from '#events';
import type { BrokerConnections } from '#messaging';
import { createAwsClients, destroyAwsClients, type AwsClients } from '#messaging/operator';
import {
  DeleteTopicCommand,
  ListSubscriptionsCommand,
  ListTopicsCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
} from '@aws-sdk/client-sqs';
import type { BrokerAdmin, RunFootprint } from '../broker-admin.js';

/**
 * SNS/SQS has no consumer membership to wait for (any poller takes any visible message), and names
 * its topics and queues in its own way (SNS allows no dots): the run's are found by its marker.
 */
export class SqsBrokerAdmin implements BrokerAdmin {
  constructor(private readonly settings: BrokerConnections['sqs']) {}

  async consumersActive(): Promise<boolean> {
    return true;
  }

  async caughtUp(service: ConsumingService): Promise<boolean> {
    return this.withClients(async ({ sqs }) => {
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
    });
  }

  async deleteRun({ marker }: RunFootprint): Promise<void> {
    await this.withClients(async ({ sns, sqs }) => {
      let token: string | undefined;
      do {
        const page = await sns.send(new ListSubscriptionsCommand({ NextToken: token }));
        for (const { SubscriptionArn, TopicArn } of page.Subscriptions ?? []) {
          if (SubscriptionArn?.startsWith('arn:') && TopicArn?.includes(marker)) {
            await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
          }
        }
        token = page.NextToken;
      } while (token);
      do {
        const page = await sns.send(new ListTopicsCommand({ NextToken: token }));
        for (const { TopicArn } of page.Topics ?? []) {
          if (TopicArn?.includes(marker)) await sns.send(new DeleteTopicCommand({ TopicArn }));
        }
        token = page.NextToken;
      } while (token);
      do {
        const page = await sqs.send(new ListQueuesCommand({ MaxResults: 1000, NextToken: token }));
        for (const QueueUrl of page.QueueUrls ?? []) {
          if (QueueUrl.includes(marker)) await sqs.send(new DeleteQueueCommand({ QueueUrl }));
        }
        token = page.NextToken;
      } while (token);
    });
  }

  private async withClients<T>(work: (clients: AwsClients) => Promise<T>): Promise<T> {
    const clients = createAwsClients(this.settings);
    try {
      return await work(clients);
    } finally {
      destroyAwsClients(clients);
    }
  }
}
