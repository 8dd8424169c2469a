import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Delivery } from '../../broker-transport.js';
import type { DeliveryFailure } from '../../delivery-failure.js';
import { deadLetterHeaders } from '../dead-letter-headers.js';
import type { BatchedDeletes } from './sqs.batched-deletes.js';
import { deadLetteredHeaders, fromMessageAttributes, originOf, toMessageAttributes } from './sqs.message-attributes.js';

/** The consuming queue as a delivery needs it. */
export interface ConsumingQueue {
  sqs: SQSClient;
  service: string;
  consumedTypes: readonly string[];
  queueUrl: string;
  deadLetterQueueUrl: string;
  deletes: BatchedDeletes;
  /** What each receive asks for, and each heartbeat extends by. */
  visibilityTimeoutSeconds: number;
}

/**
 * Settles one received SQS message: deleted once its handler succeeded, made visible again at once
 * when released, kept invisible while its handler runs long, or sent to the dead-letter queue with
 * the x-dead-letter-* attributes and then deleted.
 */
export class SqsDelivery implements Delivery {
  private settled = false;
  private visibleUntil: number;

  constructor(
    private readonly message: Message,
    private readonly queue: ConsumingQueue,
    receivedAt = Date.now(),
  ) {
    this.visibleUntil = receivedAt + queue.visibilityTimeoutSeconds * 1_000;
  }

  acknowledge(): void {
    if (this.settle()) this.queue.deletes.delete(this.message.ReceiptHandle!);
  }

  release(): void {
    if (!this.settle()) return;
    void this.changeVisibility(0).catch(() => undefined); // otherwise it comes back when its timeout ends
  }

  /** Called every few seconds while the handler runs: extends the invisibility once half of it is used. */
  async heartbeat(): Promise<void> {
    const now = Date.now();
    const timeoutMs = this.queue.visibilityTimeoutSeconds * 1_000;
    if (this.settled || this.visibleUntil - now > timeoutMs / 2) return;
    await this.changeVisibility(this.queue.visibilityTimeoutSeconds);
    this.visibleUntil = now + timeoutMs;
  }

  async deadLetter(failure: DeliveryFailure): Promise<void> {
    const { sqs, service, consumedTypes, queueUrl, deadLetterQueueUrl } = this.queue;
    const body = this.message.Body ?? '';
    const headers = fromMessageAttributes(this.message.MessageAttributes);
    // Where a replay sends it: the type's topic, or the queue itself when no one can tell the topic.
    const origin = originOf(consumedTypes, headers, body) ?? service;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageBody: body,
        MessageAttributes: toMessageAttributes(
          deadLetteredHeaders(headers, deadLetterHeaders(failure, { destination: origin, consumer: service })),
        ),
      }),
    );
    this.settle();
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: this.message.ReceiptHandle }));
  }

  /** True the first time: a message is settled once. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    return true;
  }

  private changeVisibility(seconds: number) {
    return this.queue.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queue.queueUrl,
        ReceiptHandle: this.message.ReceiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}
