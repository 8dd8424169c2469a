import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

const BATCH = 10;
const ATTEMPTS = 3;

/**
 * Deletes acknowledged messages ten at a time (DeleteMessageBatch) instead of one request each.
 * A delete that fails for good only means SQS delivers the message again later, which the inbox
 * turns into a no-op; so failures are retried a little, then logged.
 */
export class BatchedDeletes {
  private readonly logger = new Logger('SqsServer');
  private pending: string[] = [];
  private scheduled = false;
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: () => string,
  ) {}

  delete(receiptHandle: string): void {
    this.pending.push(receiptHandle);
    if (this.pending.length >= BATCH) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends what is pending and waits for every delete under way. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.sending]);
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const sending = this.send(this.queueUrl(), this.pending.splice(0, BATCH));
      this.sending.add(sending);
      void sending.finally(() => this.sending.delete(sending));
    }
  }

  private async send(queueUrl: string, receiptHandles: string[]): Promise<void> {
    let remaining = receiptHandles.map((ReceiptHandle, index) => ({ Id: String(index), ReceiptHandle }));
    const refused: string[] = [];
    let lastError = '';
    for (let attempt = 1; attempt <= ATTEMPTS && remaining.length > 0; attempt += 1) {
      if (attempt > 1) await sleep(500 * (attempt - 1));
      try {
        const { Failed = [] } = await this.sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: remaining }),
        );
        // A sender fault (e.g. an expired receipt handle) will not change on retry.
        refused.push(...Failed.filter((entry) => entry.SenderFault).map((entry) => `${entry.Code}: ${entry.Message}`));
        const retry = new Set(Failed.filter((entry) => !entry.SenderFault).map((entry) => entry.Id));
        remaining = remaining.filter((entry) => retry.has(entry.Id));
        lastError = Failed.find((entry) => !entry.SenderFault)?.Message ?? '';
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    const undeleted = remaining.length + refused.length;
    if (undeleted > 0) {
      const why = [...new Set([lastError, ...refused].filter(Boolean))].join('; ');
      this.logger.warn(
        `${undeleted} acknowledged message(s) not deleted (${why}); SQS delivers them again and the inbox ignores them`,
      );
    }
  }
}
