import { randomUUID } from 'node:crypto';
import {
  CreateTopicCommand,
  PublishCommand,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ConsumingService } from '#events';
import type { BrokerConnections } from '#messaging';
import { createAwsClients, destroyAwsClients, snsTopicName, sqsDeadLetterQueue } from '#messaging/operator';
import {
  chunksOf,
  DEAD_LETTER_CHUNK_BYTES,
  MessageSpy,
  type RawBrokerClient,
  type RawDeadLetterMessage,
} from '../raw-broker-client.js';

/**
 * Plain AWS SDK clients on the emulator (or whatever AWS_ENDPOINT_URL names), as another team would use
 * them; made as the transport makes its own, so both reach the same endpoint with the same credentials.
 */
export class SqsRawClient implements RawBrokerClient {
  private readonly sqs: SQSClient;
  private readonly sns: SNSClient;

  constructor(settings: BrokerConnections['sqs']) {
    ({ sqs: this.sqs, sns: this.sns } = createAwsClients(settings));
  }

  /** SNS Publish of the bytes as they are to the type's topic (`order.created` -> `order_created`). */
  async publish(type: string, _key: string, body: Buffer | string, headers: Record<string, string> = {}) {
    await this.sns.send(
      new PublishCommand({
        TopicArn: await this.topicArn(type),
        Message: body.toString(),
        MessageAttributes: Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
        ),
      }),
    );
  }

  /** Into `<service>-dlq`, ten at a time within SQS's 256 KiB per batch, as the transport parks them. */
  async writeDeadLetters(service: ConsumingService, letters: Iterable<RawDeadLetterMessage>): Promise<void> {
    const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: sqsDeadLetterQueue(service) }));
    for (const chunk of chunksOf(letters, DEAD_LETTER_CHUNK_BYTES, 10)) {
      const { Failed = [] } = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: chunk.map(({ body, headers }, index) => ({
            Id: String(index),
            MessageBody: body.toString(),
            MessageAttributes: Object.fromEntries(
              Object.entries(headers).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
            ),
          })),
        }),
      );
      if (Failed.length > 0) throw new Error(`SQS refused ${Failed.length} dead letter(s): ${Failed[0]!.Message}`);
    }
  }

  /**
   * One private queue per topic, subscribed with raw message delivery: it sees copies of what the
   * services' queues get, from now on, and knows which topic each came through. Deleted on close.
   */
  async spy(types: string[]): Promise<MessageSpy> {
    const stopped = new AbortController();
    const run = randomUUID().slice(0, 8);
    const taps = await Promise.all(types.map((type) => this.tap(type, `test-spy-${run}-${snsTopicName(type)}`)));
    const spy = new MessageSpy(async () => {
      stopped.abort();
      await Promise.allSettled(polls);
      for (const { queueUrl, subscriptionArn } of taps) {
        await this.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })).catch(() => undefined);
        await this.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
      }
    });
    const polls = taps.map(({ type, queueUrl }) => this.record(spy, type, queueUrl, stopped.signal));
    return spy;
  }

  async close(): Promise<void> {
    destroyAwsClients({ sqs: this.sqs, sns: this.sns });
  }

  private async topicArn(type: string): Promise<string> {
    const { TopicArn } = await this.sns.send(new CreateTopicCommand({ Name: snsTopicName(type) }));
    return TopicArn!;
  }

  private async tap(type: string, queueName: string) {
    const { QueueUrl: queueUrl } = await this.sqs.send(new CreateQueueCommand({ QueueName: queueName }));
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queueArn = Attributes!.QueueArn!;
    const topicArn = await this.topicArn(type);
    await this.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'sns.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: queueArn,
                Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
              },
            ],
          }),
        },
      }),
    );
    const { SubscriptionArn: subscriptionArn } = await this.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        Attributes: { RawMessageDelivery: 'true' },
        ReturnSubscriptionArn: true,
      }),
    );
    return { type, queueUrl: queueUrl!, subscriptionArn: subscriptionArn! };
  }

  private async record(spy: MessageSpy, type: string, queueUrl: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const { Messages = [] } = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: signal },
        );
        for (const message of Messages) {
          const headers = Object.fromEntries(
            Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? '']),
          );
          spy.record({
            destination: type,
            headers,
            contentType: headers['content-type'],
            body: Buffer.from(message.Body ?? ''),
          });
        }
        if (Messages.length > 0) {
          await this.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
            }),
          );
        }
      } catch {
        // The emulator may be stopped by a fault test; keep listening until closed.
        if (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
