import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SqsSettings } from '#messaging';

export interface AwsClients {
  sqs: SQSClient;
  sns: SNSClient;
}

/** Plain SDK clients on the endpoint and credentials the services would use. */
export function createAwsClients(settings: SqsSettings): AwsClients {
  const common = {
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  };
  return { sqs: new SQSClient(common), sns: new SNSClient(common) };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.sqs.destroy();
  clients.sns.destroy();
}
