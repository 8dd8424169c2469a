import type { EventEnvelope } from '#events';
import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ClientProxy, type ReadPacket, type Serializer, type WritePacket } from '@nestjs/microservices';
import { isMissingTopic, type AwsClients } from './sqs.aws-clients.js';
import { failedEntryError, publishFailure } from './sqs.publish-errors.js';
import type { StringAttribute } from './sqs.message-attributes.js';
import type { SqsTopology } from './sqs.topology.js';

/** One SNS message: the body and its message attributes. */
export interface SnsPublication {
  Message: string;
  MessageAttributes: Record<string, StringAttribute>;
}

export interface SqsClientOptions {
  clients: AwsClients;
  topology: SqsTopology;
  serializer: Serializer<ReadPacket<EventEnvelope>, SnsPublication>;
}

interface Pending {
  publication: SnsPublication;
  size: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** SNS takes up to ten messages, and 256 KiB in all, per PublishBatch. */
const BATCH_ENTRIES = 10;
const BATCH_BYTES = 256 * 1024;

/**
 * Nest's publishing side on Amazon SNS: `emit(type, envelope)` publishes to the type's topic and
 * resolves once SNS accepted the message. Events emitted together (the outbox relay sends a whole
 * batch at once) go out ten per PublishBatch request.
 */
export class SqsClient extends ClientProxy {
  private readonly batches = new Map<string, Pending[]>();
  private scheduled = false;
  private readonly sending = new Set<Promise<void>>();
  private readonly publicationSerializer: SqsClientOptions['serializer'];

  constructor(private readonly options: SqsClientOptions) {
    super();
    this.publicationSerializer = options.serializer;
  }

  /** SNS is plain HTTPS: there is no connection to open. */
  async connect(): Promise<SNSClient> {
    this._status$.next('connected');
    return this.options.clients.sns;
  }

  /** Sends what is waiting for a batch and waits until SNS answered all of it. */
  async close(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.sending]);
  }

  unwrap<T>(): T {
    return this.options.clients.sns as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('the SQS transport carries events only (emit), not requests (send)') });
    return () => undefined;
  }

  protected async dispatchEvent<T = undefined>(packet: ReadPacket<EventEnvelope>): Promise<T> {
    const publication = await this.publicationSerializer.serialize(packet);
    const type = this.normalizePattern(packet.pattern);
    const topicArn = await this.options.topology.topicArn(type);
    try {
      await this.enqueue(topicArn, publication);
    } catch (error) {
      // The topic is gone: look it up (or create it) again on the next try; the outbox retries.
      if (isMissingTopic(error)) this.options.topology.forget();
      throw error;
    }
    return undefined as T;
  }

  private enqueue(topicArn: string, publication: SnsPublication): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const size =
        Buffer.byteLength(publication.Message) + Buffer.byteLength(JSON.stringify(publication.MessageAttributes));
      const batch = this.batches.get(topicArn) ?? [];
      this.batches.set(topicArn, batch);
      if (batch.reduce((bytes, entry) => bytes + entry.size, size) > BATCH_BYTES)
        this.sendBatch(topicArn, batch.splice(0));
      batch.push({ publication, size, resolve, reject });
      if (batch.length >= BATCH_ENTRIES) this.sendBatch(topicArn, batch.splice(0));
      else if (!this.scheduled) {
        // Whatever else is emitted in this turn of the event loop joins the batch.
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    for (const [topicArn, batch] of this.batches) {
      if (batch.length > 0) this.sendBatch(topicArn, batch.splice(0));
    }
  }

  private sendBatch(topicArn: string, entries: Pending[]): void {
    if (entries.length === 0) return;
    const sending = this.publishBatch(topicArn, entries);
    this.sending.add(sending);
    void sending.finally(() => this.sending.delete(sending));
  }

  private async publishBatch(topicArn: string, entries: Pending[]): Promise<void> {
    try {
      const { Successful = [], Failed = [] } = await this.options.clients.sns.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: entries.map(({ publication }, index) => ({ Id: String(index), ...publication })),
        }),
      );
      const answered = new Set<number>();
      for (const { Id } of Successful) {
        answered.add(Number(Id));
        entries[Number(Id)]?.resolve();
      }
      for (const { Id, Code, Message, SenderFault } of Failed) {
        answered.add(Number(Id));
        entries[Number(Id)]?.reject(failedEntryError(Code, Message, SenderFault));
      }
      entries.forEach((entry, index) => {
        if (!answered.has(index)) entry.reject(new Error('SNS did not say whether it accepted the message'));
      });
    } catch (error) {
      const failure = publishFailure(error) as Error;
      for (const entry of entries) entry.reject(failure);
    }
  }
}
