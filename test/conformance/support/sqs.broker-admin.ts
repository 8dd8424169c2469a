import {
  DeleteTopicCommand,
  ListSubscriptionsCommand,
  ListTopicsCommand,
  SNSClient,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { DeleteQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ConformanceBrokerAdmin, RunFootprint } from './broker-admin.js';

/**
 * SNS/SQS has no consumer membership to wait for (any poller takes any visible message), and names
 * its topics and queues in its own way (SNS allows no dots): the run's are found by its marker.
 */
export class SqsAdmin implements ConformanceBrokerAdmin {
  /** As libs/messaging reads it: AWS_ENDPOINT_URL unset means the local emulator, empty means AWS itself. */
  private readonly clientConfig = (() => {
    const endpoint = (process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566').trim() || undefined;
    const { AWS_ACCESS_KEY_ID: accessKeyId } = process.env;
    return {
      region: process.env.AWS_REGION?.trim() || 'us-east-1',
      endpoint,
      credentials: !accessKeyId && endpoint ? { accessKeyId: 'test', secretAccessKey: 'test' } : undefined,
    };
  })();

  async consumersActive(): Promise<boolean> {
    return true;
  }

  async deleteRun({ marker }: RunFootprint): Promise<void> {
    const sns = new SNSClient(this.clientConfig);
    const sqs = new SQSClient(this.clientConfig);
    try {
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
    } finally {
      sns.destroy();
      sqs.destroy();
    }
  }
}
