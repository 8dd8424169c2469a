import { CreateTopicCommand, DeleteTopicCommand, PublishBatchCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { createAwsClients, destroyAwsClients } from '../aws-clients.js';
import type { ThroughputLayer } from '../bench-result.js';
import type { LayerContext } from '../layer-context.js';
import { ConsumeClock, ConsumeCpu, perSecond } from '../throughput.js';
import { waitFor } from '../wait-for.js';
import { describeWork, RAW_LAYER, takeDelivery, type RawConsumerWork } from './raw-consumer-work.js';

/** SNS and SQS take ten entries per batch request. */
const BATCH = 10;
/** Batch requests in flight at once while publishing. */
const PUBLISHERS = 8;
/** Receive loops at once, each holding up to ten messages (the transport's prefetch 32 -> a few loops). */
const RECEIVERS = 4;

/**
 * The AWS SDK as the transport uses it: SNS PublishBatch of ten to a topic whose SQS queue is
 * subscribed with raw message delivery; ReceiveMessage of ten with a long poll, then
 * DeleteMessageBatch once handled.
 */
export async function sqsRawClient(context: LayerContext, work: RawConsumerWork): Promise<ThroughputLayer> {
  const clients = createAwsClients(context.messaging.sqs);
  const name = `bench-raw-${work}-${context.runId}`;
  const { TopicArn: topicArn } = await clients.sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl: queueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: name }));
  const stopped = new AbortController();
  try {
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    await clients.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: Attributes!.QueueArn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const body = context.eventBytes.toString();

    const publishing = context.progress.phase(`${context.broker} raw client (${work}): publish`, context.events);
    const started = performance.now();
    let next = 0;
    let published = 0;
    const publisher = async () => {
      while (next < context.events) {
        const first = next;
        next = Math.min(context.events, next + BATCH);
        const entries = Array.from({ length: next - first }, (_, index) => ({ Id: String(index), Message: body }));
        const { Failed = [] } = await clients.sns.send(
          new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }),
        );
        if (Failed.length > 0) throw new Error(`SNS refused ${Failed.length} message(s): ${Failed[0]!.Message}`);
        published += entries.length;
        publishing.advance(published);
      }
    };
    await Promise.all(Array.from({ length: PUBLISHERS }, publisher));
    const publishPerSecond = perSecond(context.events, performance.now() - started);
    publishing.end(`${publishPerSecond?.toLocaleString('en-US')} msg/s published`);

    const consuming = context.progress.phase(`${context.broker} raw client (${work}): consume`, context.events);
    const clock = new ConsumeClock();
    const cpu = new ConsumeCpu();
    const receiver = async () => {
      while (clock.count < context.events && !stopped.signal.aborted) {
        const { Messages = [] } = await clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: BATCH, WaitTimeSeconds: 1 }),
          { abortSignal: stopped.signal },
        );
        if (Messages.length === 0) continue;
        for (const message of Messages) takeDelivery(work, message.Body);
        clock.received(Messages.length);
        consuming.advance(clock.count);
        await clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      }
    };
    const receiving = Promise.all(Array.from({ length: RECEIVERS }, receiver));
    await waitFor('the raw SQS consumer to take every event', () => clock.count >= context.events, 120_000);
    const consumePerSecond = clock.rate();
    stopped.abort();
    await receiving.catch(() => undefined);
    consuming.end(`${consumePerSecond?.toLocaleString('en-US')} msg/s consumed`);
    return {
      layer: RAW_LAYER[work],
      available: true,
      tool: 'AWS SDK v3 (client-sns, client-sqs)',
      note:
        `SNS PublishBatch of ${BATCH}, ${PUBLISHERS} requests in flight, raw delivery to SQS; ${RECEIVERS} ReceiveMessage ` +
        `loops of ${BATCH} (long poll), DeleteMessageBatch after handling; publish all, then consume all; ${describeWork(work)}`,
      events: context.events,
      publishPerSecond,
      consumePerSecond,
      consumeCpuUsPerEvent: cpu.microsPerEvent(clock.count),
    };
  } finally {
    stopped.abort();
    await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
    await clients.sns.send(new DeleteTopicCommand({ TopicArn: topicArn })).catch(() => undefined);
    destroyAwsClients(clients);
  }
}
