import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  type Subscription,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import type { EventTraffic } from '../../broker-transport.js';
import { DEFAULT_VISIBILITY_TIMEOUT_SECONDS, type SqsSettings } from '../../messaging.config.js';
import { isMissingQueue, type AwsClients } from './sqs.aws-clients.js';
import { deadLetterQueueName, topicName } from './sqs.names.js';

/** The queue's own visibility timeout, for receives that name none (the services name theirs). */
export const VISIBILITY_TIMEOUT_SECONDS = DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
/** The longest SQS keeps a message; the dead-letter queue must keep them at least as long as the source. */
const RETENTION_SECONDS = String(14 * 24 * 3600);

export interface ServiceTopology extends EventTraffic {
  service: string;
  /** Receives before SQS itself moves a message to the dead-letter queue (the crash safety net). */
  maxReceiveCount: number;
}

/**
 * The SNS/SQS topology of one service: a topic per event type; for a consuming service, its queue
 * subscribed to the topics it consumes with raw message delivery, and its dead-letter queue as the
 * queue's redrive target. Creates it when allowed, otherwise checks it. Caches ARNs and URLs.
 */
export class SqsTopology {
  private readonly topicArns = new Map<string, Promise<string>>();
  private readonly queueUrls = new Map<string, Promise<string>>();

  constructor(
    private readonly clients: AwsClients,
    private readonly settings: SqsSettings,
  ) {}

  get mayCreate(): boolean {
    return this.settings.createTopology;
  }

  /** The type's topic ARN: the topic is created (idempotently) when allowed, otherwise looked up. */
  topicArn(type: string): Promise<string> {
    return cached(this.topicArns, type, () =>
      this.settings.createTopology ? this.createTopic(type) : this.findTopic(type),
    );
  }

  queueUrl(name: string): Promise<string> {
    return cached(this.queueUrls, name, async () => {
      const { QueueUrl } = await this.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      return QueueUrl!;
    });
  }

  /** Drops what was cached, after the broker said a topic or queue no longer exists. */
  forget(): void {
    this.topicArns.clear();
    this.queueUrls.clear();
  }

  async provision(topology: ServiceTopology): Promise<void> {
    if (!this.settings.createTopology) return this.verify(topology);
    const { service, consumes, publishes } = topology;
    await Promise.all([...new Set([...publishes, ...consumes])].map((type) => this.topicArn(type)));
    if (consumes.length === 0) return;
    const consumedTopicArns = await Promise.all(consumes.map((type) => this.topicArn(type)));
    const deadLetterArn = await this.queueArn(
      await this.ensureQueue(deadLetterQueueName(service), { MessageRetentionPeriod: RETENTION_SECONDS }),
    );
    const queueUrl = await this.ensureQueue(service, {
      VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS),
      MessageRetentionPeriod: RETENTION_SECONDS,
    });
    const queueArn = await this.queueArn(queueUrl);
    await this.clients.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: deadLetterArn,
            maxReceiveCount: topology.maxReceiveCount,
          }),
          Policy: JSON.stringify(topicsMaySend(queueArn, consumedTopicArns)),
        },
      }),
    );
    for (const topicArn of consumedTopicArns) await this.subscribeRaw(topicArn, queueArn);
  }

  /** SQS_CREATE_TOPOLOGY=false: everything must already be there, or the service does not start. */
  private async verify({ service, consumes, publishes }: ServiceTopology): Promise<void> {
    const problems: string[] = [];
    for (const type of new Set([...publishes, ...consumes])) {
      await this.topicArn(type).catch(() => problems.push(`SNS topic ${topicName(type)} (for ${type}) is missing`));
    }
    if (consumes.length > 0) {
      for (const queue of [service, deadLetterQueueName(service)]) {
        await this.queueUrl(queue).catch((error: unknown) => {
          if (!isMissingQueue(error)) throw error;
          problems.push(`SQS queue ${queue} is missing`);
        });
      }
      if (problems.length === 0) {
        const queueUrl = await this.queueUrl(service);
        const queueArn = await this.queueArn(queueUrl);
        const { Attributes } = await this.clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
        );
        if (!Attributes?.RedrivePolicy?.includes(`:${deadLetterQueueName(service)}"`)) {
          problems.push(`queue ${service} has no redrive policy to ${deadLetterQueueName(service)}`);
        }
        for (const type of consumes) {
          const subscription = await this.findSubscription(await this.topicArn(type), queueArn);
          if (!subscription) problems.push(`queue ${service} is not subscribed to topic ${topicName(type)}`);
          else if (!(await this.isRaw(subscription))) {
            problems.push(`the subscription of ${service} to ${topicName(type)} lacks RawMessageDelivery=true`);
          }
        }
      }
    }
    if (problems.length > 0) {
      throw new Error(
        `SQS_CREATE_TOPOLOGY=false and the SNS/SQS topology of ${service} is not there: ${problems.join('; ')}. ` +
          'Create it as docs/events-on-the-wire.md names it, or let the service create it (SQS_CREATE_TOPOLOGY=true).',
      );
    }
  }

  private async createTopic(type: string): Promise<string> {
    const { TopicArn } = await this.clients.sns.send(new CreateTopicCommand({ Name: topicName(type) }));
    return TopicArn!;
  }

  private async findTopic(type: string): Promise<string> {
    const suffix = `:${topicName(type)}`;
    let NextToken: string | undefined;
    do {
      const page = await this.clients.sns.send(new ListTopicsCommand({ NextToken }));
      const found = page.Topics?.find((topic) => topic.TopicArn?.endsWith(suffix));
      if (found) return found.TopicArn!;
      NextToken = page.NextToken;
    } while (NextToken);
    throw new Error(`SNS topic ${topicName(type)} does not exist`);
  }

  /** The existing queue as it is, or a new one with these attributes (CreateQueue refuses different ones). */
  private async ensureQueue(name: string, attributes: Record<string, string>): Promise<string> {
    try {
      return await this.queueUrl(name);
    } catch (error) {
      if (!isMissingQueue(error)) throw error;
    }
    const { QueueUrl } = await this.clients.sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    this.queueUrls.set(name, Promise.resolve(QueueUrl!));
    return QueueUrl!;
  }

  private async queueArn(queueUrl: string): Promise<string> {
    const { Attributes } = await this.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    return Attributes!.QueueArn!;
  }

  private async subscribeRaw(topicArn: string, queueArn: string): Promise<void> {
    const existing = await this.findSubscription(topicArn, queueArn);
    if (!existing) {
      await this.clients.sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queueArn,
          Attributes: { RawMessageDelivery: 'true' },
          ReturnSubscriptionArn: true,
        }),
      );
    } else if (!(await this.isRaw(existing))) {
      await this.clients.sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: existing.SubscriptionArn,
          AttributeName: 'RawMessageDelivery',
          AttributeValue: 'true',
        }),
      );
    }
  }

  private async findSubscription(topicArn: string, queueArn: string): Promise<Subscription | undefined> {
    let NextToken: string | undefined;
    do {
      const page = await this.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
      const found = page.Subscriptions?.find((entry) => entry.Protocol === 'sqs' && entry.Endpoint === queueArn);
      if (found) return found;
      NextToken = page.NextToken;
    } while (NextToken);
    return undefined;
  }

  private async isRaw(subscription: Subscription): Promise<boolean> {
    const { Attributes } = await this.clients.sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription.SubscriptionArn }),
    );
    return Attributes?.RawMessageDelivery === 'true';
  }
}

/** The queue policy that lets SNS deliver from these topics, and from no other. */
function topicsMaySend(queueArn: string, topicArns: string[]) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'sns-topics-may-send',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArns } },
      },
    ],
  };
}

/** Caches a lookup's promise; a failed lookup is forgotten so the next call asks again. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load();
    cache.set(key, value);
    const loading = value;
    loading.catch(() => {
      if (cache.get(key) === loading) cache.delete(key);
    });
  }
  return value;
}
