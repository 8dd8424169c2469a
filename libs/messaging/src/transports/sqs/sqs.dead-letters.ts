import { PublishCommand } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import type { MessagingConfig } from '../../messaging.config.js';
import { createAwsClients, destroyAwsClients, isMissingQueue, type AwsClients } from './sqs.aws-clients.js';
import { fromMessageAttributes, originOf, toMessageAttributes } from './sqs.message-attributes.js';
import { deadLetterQueueName } from './sqs.names.js';
import { SqsTopology } from './sqs.topology.js';
import { readDeadLetter, replayHeaders } from '../../dead-letters/dead-letter.js';
import type { ResolvedQuery } from '../../dead-letters/dead-letter-query.js';
import type {
  DeadLetterSource,
  HandledDeadLetter,
  WalkMode,
  WalkSummary,
} from '../../dead-letters/dead-letter-store.js';
import { replayRefusal } from '../../dead-letters/replay-targets.js';
import { WalkDeadline } from '../../dead-letters/walk-deadline.js';

/** Receipt handles kept to make letters visible again at the end; past this, their timeout does it. */
const MAX_HANDLES_KEPT = 10_000;
/** How long a received letter stays invisible beyond the walk's deadline, should the walk die. */
const VISIBILITY_MARGIN_SECONDS = 30;
const MAX_VISIBILITY_SECONDS = 12 * 3600;

/**
 * A service's dead letters are its `<service>-dlq` queue. A walk receives up to as many messages as
 * the queue held when it began, each invisible until a little after the walk's deadline (so none is
 * received twice), and makes the ones it keeps visible again when it ends. A replay publishes to the
 * origin type's SNS topic and deletes; a purge deletes.
 */
export class SqsDeadLetters implements DeadLetterSource {
  readonly destination: string;
  private readonly clients: AwsClients;
  private readonly topology: SqsTopology;

  private readonly service: string;

  constructor(
    config: MessagingConfig,
    private readonly consumedTypes: readonly string[],
  ) {
    this.clients = createAwsClients(config.sqs);
    this.topology = new SqsTopology(this.clients, config.sqs);
    this.service = config.serviceName;
    this.destination = deadLetterQueueName(config.serviceName);
  }

  async *walk(query: ResolvedQuery, mode: WalkMode, summary: WalkSummary): AsyncGenerator<HandledDeadLetter> {
    const { sqs } = this.clients;
    const deadline = new WalkDeadline(query.deadlineMs);
    const kept: string[] = [];
    let notKept = 0;
    const keep = (message: Message) => (kept.length < MAX_HANDLES_KEPT ? kept.push(message.ReceiptHandle!) : notKept++);
    let queueUrl: string | undefined;
    try {
      try {
        queueUrl = await deadline.race(this.topology.queueUrl(this.destination), 'the dead-letter queue’s URL');
      } catch (error) {
        if (!isMissingQueue(error)) throw error;
        summary.notes.push(`there is no queue ${this.destination} (yet): nothing was dead-lettered here`);
        return;
      }
      const { Attributes } = await deadline.race(
        sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
          { abortSignal: deadline.signal },
        ),
        'the queue’s length',
      );
      const count = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
      while (summary.examined < count) {
        const { Messages = [] } = await deadline.race(
          sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: Math.min(10, count - summary.examined),
              // Not 0: short polls may answer empty while messages wait on other SQS hosts.
              WaitTimeSeconds: 1,
              VisibilityTimeout: Math.min(
                MAX_VISIBILITY_SECONDS,
                Math.ceil(deadline.remainingMs / 1000) + VISIBILITY_MARGIN_SECONDS,
              ),
              MessageAttributeNames: ['All'],
              MessageSystemAttributeNames: ['SentTimestamp'],
            }),
            { abortSignal: deadline.signal },
          ),
          'dead letters',
        );
        if (Messages.length === 0) break;
        const handled: HandledDeadLetter[] = [];
        const deletes: Message[] = [];
        for (const message of Messages) {
          if (summary.selected >= query.limit) {
            keep(message);
            continue;
          }
          const outcome = await this.handle(message, query, mode, summary, deadline);
          if (outcome?.outcome === 'replayed' || outcome?.outcome === 'purged') deletes.push(message);
          else keep(message);
          if (outcome) handled.push(outcome);
        }
        // Deleted before anything is reported as purged or replayed, so what the tool prints has happened.
        await this.deleteAll(queueUrl, deletes, deadline);
        yield* handled;
        if (summary.selected >= query.limit) {
          summary.stoppedBy = 'limit';
          return;
        }
      }
    } finally {
      deadline.dispose();
      if (queueUrl) await this.makeVisible(queueUrl, kept, notKept, summary);
    }
  }

  async close(): Promise<void> {
    destroyAwsClients(this.clients);
  }

  private async handle(
    message: Message,
    query: ResolvedQuery,
    mode: WalkMode,
    summary: WalkSummary,
    deadline: WalkDeadline,
  ): Promise<HandledDeadLetter | undefined> {
    const text = message.Body ?? '';
    const body = Buffer.from(text);
    const headers = fromMessageAttributes(message.MessageAttributes);
    const letter = readDeadLetter(
      {
        locator: `${this.destination}#${message.MessageId}`,
        body,
        headers,
        // Parked by SQS itself (redrive after too many receives): no x-dead-letter-* attributes.
        fallbackOrigin: originOf(this.consumedTypes, headers, text) ?? this.service,
        fallbackTime: Number(message.Attributes?.SentTimestamp) || undefined,
      },
      query.bodyBytes,
    );
    summary.examined += 1;
    if (!query.selects(letter, body)) return undefined;
    summary.selected += 1;
    switch (mode) {
      case 'list':
        return { letter, outcome: 'listed' };
      case 'purge-dry-run':
        return { letter, outcome: 'would purge' };
      case 'purge':
        return { letter, outcome: 'purged' };
      case 'replay': {
        const refusal = replayRefusal(letter.origin);
        if (refusal) return { letter, outcome: 'refused', note: refusal };
        await deadline.race(
          this.clients.sns.send(
            new PublishCommand({
              TopicArn: await deadline.race(this.topology.topicArn(letter.origin), 'the origin’s SNS topic'),
              Message: text,
              MessageAttributes: toMessageAttributes(replayHeaders(headers, letter.locator)),
            }),
            { abortSignal: deadline.signal },
          ),
          'SNS to take a replay',
        );
        return { letter, outcome: 'replayed' };
      }
    }
  }

  private async deleteAll(queueUrl: string, messages: Message[], deadline: WalkDeadline): Promise<void> {
    if (messages.length === 0) return;
    const { Failed = [] } = await deadline.race(
      this.clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
        { abortSignal: deadline.signal },
      ),
      'SQS to delete dead letters',
    );
    if (Failed.length > 0) {
      throw new Error(`SQS did not delete ${Failed.length} dead letter(s): ${Failed[0]!.Message ?? Failed[0]!.Code}`);
    }
  }

  /** Every kept letter visible again at once (bounded: past MAX_HANDLES_KEPT, their visibility timeout does it). */
  private async makeVisible(queueUrl: string, releasing: string[], notKept: number, summary: WalkSummary) {
    if (notKept > 0) {
      summary.notes.push(`${notKept} examined letters become visible again only when their visibility timeout ends`);
    }
    const deadline = new WalkDeadline(15_000);
    try {
      for (let start = 0; start < releasing.length; start += 10) {
        await deadline.race(
          this.clients.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: releasing.slice(start, start + 10).map((handle, index) => ({
                Id: String(index),
                ReceiptHandle: handle,
                VisibilityTimeout: 0,
              })),
            }),
            { abortSignal: deadline.signal },
          ),
          'SQS to make dead letters visible again',
        );
      }
    } catch {
      summary.notes.push('some examined letters become visible again only when their visibility timeout ends');
    } finally {
      deadline.dispose();
    }
  }
}
