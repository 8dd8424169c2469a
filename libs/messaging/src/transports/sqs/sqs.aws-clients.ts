import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SqsSettings } from '../../messaging.config.js';

export interface AwsClients {
  sqs: SQSClient;
  sns: SNSClient;
}

/**
 * One SQS and one SNS client for the settings. Requests time out (a hung endpoint must not hold a
 * publish or a poll for ever); the request timeout leaves room for a 20 s long poll. Without
 * throwOnRequestTimeout the SDK's HTTP handler only logs a warning at requestTimeout and keeps waiting,
 * and it sets no socket timeout of its own: a request on a connection whose peer froze or vanished
 * would never end. A request that times out is retried (the SDK's standard retries) on a new connection.
 */
export function createAwsClients(settings: SqsSettings): AwsClients {
  const common = {
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  };
  return { sqs: new SQSClient(common), sns: new SNSClient(common) };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.sqs.destroy();
  clients.sns.destroy();
}

/** True for the error SQS answers when a queue does not exist (deleted, or an emulator restarted empty). */
export function isMissingQueue(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue';
}

/** True for the error SNS answers when a topic does not exist. */
export function isMissingTopic(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'NotFoundException';
}
