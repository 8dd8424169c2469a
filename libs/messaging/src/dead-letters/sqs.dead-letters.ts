import { PublishCommand } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import type { MessagingConfig } from '../messaging.config.js';
import { createAwsClients, destroyAwsClients, type AwsClients } from '../transports/sqs/aws-clients.js';
import { fromMessageAttributes, originOf, toMessageAttributes } from '../transports/sqs/sqs-message-attributes.js';
import { deadLetterQueueName, SqsTopology } from '../transports/sqs/sqs.topology.js';
import { describeDeadLetter, replayMatching, type DeadLetter, type DeadLetterStore } from './dead-letter.js';

/** Long enough to read a whole dead-letter queue before the first message read shows up again. */
const HOLD_SECONDS = 120;

/**
 * A service's dead letters are its `<service>-dlq` queue. Listing receives every message and then
 * makes them all visible again (ChangeMessageVisibility 0), so the queue is left as it was; a replay
 * publishes the message to its origin type's SNS topic (or, when the topic cannot be told, sends it
 * straight back to the service's queue), then deletes it from the dead-letter queue.
 */
export class SqsDeadLetters implements DeadLetterStore {
  private readonly clients: AwsClients;
  private readonly topology: SqsTopology;
  private readonly queue: string;

  constructor(
    private readonly config: MessagingConfig,
    private readonly consumedTypes: readonly string[],
  ) {
    this.clients = createAwsClients(config.sqs);
    this.topology = new SqsTopology(this.clients, config.sqs);
    this.queue = deadLetterQueueName(config.serviceName);
  }

  async list(): Promise<DeadLetter[]> {
    return this.visit(() => 'keep');
  }

  async replay(ids: string[]): Promise<number> {
    return replayMatching((decide) => this.visit(decide), ids);
  }

  async close(): Promise<void> {
    destroyAwsClients(this.clients);
  }

  private async visit(decide: (letter: DeadLetter) => 'keep' | 'replay'): Promise<DeadLetter[]> {
    const { sqs } = this.clients;
    const queueUrl = await this.topology.queueUrl(this.queue);
    const letters: DeadLetter[] = [];
    const held: Message[] = [];
    const seen = new Set<string>();
    try {
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            // Not 0: short polls may answer empty while messages wait on other SQS hosts.
            WaitTimeSeconds: 1,
            VisibilityTimeout: HOLD_SECONDS,
            MessageAttributeNames: ['All'],
          }),
        );
        const fresh = Messages.filter((message) => !seen.has(message.MessageId!));
        held.push(...Messages.filter((message) => seen.has(message.MessageId!)));
        if (fresh.length === 0) break;
        for (const message of fresh) {
          seen.add(message.MessageId!);
          const body = message.Body ?? '';
          const headers = fromMessageAttributes(message.MessageAttributes);
          const letter = describeDeadLetter(
            `${this.queue}#${message.MessageId}`,
            Buffer.from(body),
            headers,
            // Parked by SQS itself (redrive after too many receives): no x-dead-letter-* attributes.
            originOf(this.consumedTypes, headers, body) ?? this.config.serviceName,
          );
          letters.push(letter);
          if (decide(letter) === 'replay') {
            await this.sendBack(letter, body, headers);
            await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
          } else {
            held.push(message);
          }
        }
      }
    } finally {
      await this.makeVisible(queueUrl, held);
    }
    return letters;
  }

  private async sendBack(letter: DeadLetter, body: string, headers: Record<string, string>): Promise<void> {
    const kept = Object.entries(headers).filter(([name]) => !name.startsWith('x-dead-letter-'));
    const attributes = toMessageAttributes(Object.fromEntries([['x-replayed-from', letter.locator], ...kept]));
    if (this.consumedTypes.includes(letter.origin)) {
      await this.clients.sns.send(
        new PublishCommand({
          TopicArn: await this.topology.topicArn(letter.origin),
          Message: body,
          MessageAttributes: attributes,
        }),
      );
    } else {
      await this.clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: await this.topology.queueUrl(this.config.serviceName),
          MessageBody: body,
          MessageAttributes: attributes,
        }),
      );
    }
  }

  private async makeVisible(queueUrl: string, messages: Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      await this.clients.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.slice(start, start + 10).map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }
}
