import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { Logger } from '@nestjs/common';
import {
  Server,
  type CustomTransportStrategy,
  type Deserializer,
  type IncomingEvent,
  type ReadPacket,
} from '@nestjs/microservices';
import { setTimeout as sleep } from 'node:timers/promises';
import { finalize, isObservable, lastValueFrom } from 'rxjs';
import { retryDelayMs } from '../../retry-backoff.js';
import { isMissingQueue, type AwsClients } from './sqs.aws-clients.js';
import { BatchedDeletes } from './sqs.batched-deletes.js';
import { SqsDelivery, type ConsumingQueue } from './sqs.delivery.js';
import { SqsContext } from './sqs.context.js';
import type { ServiceTopology, SqsTopology } from './sqs.topology.js';
import { deadLetterQueueName } from './sqs.names.js';

export const SQS_TRANSPORT = Symbol('SQS');

/** SQS hands out at most ten messages per ReceiveMessage. */
const RECEIVE_BATCH = 10;
/**
 * Long polling: an empty queue answers after this long, or as soon as a message arrives. Not SQS's
 * maximum of 20 s: a poll must not be cut off at shutdown, because SQS still hands messages to a poll
 * whose connection was closed, and they stay invisible until their visibility timeout ends
 * (aws/aws-sdk-js#2350, aws/aws-sdk-java-v2#1395; fauxqs does the same). So stopping lets the polls
 * under way finish and gives back what they bring: a stop waits up to this long. An idle queue is
 * watched by one poller only (see awaitTraffic), so it costs one request every 2 s per instance.
 */
const WAIT_TIME_SECONDS = 2;
/**
 * A receive still unanswered this long after its wait ended is on a connection whose peer froze or
 * vanished: it is aborted, which closes that connection, instead of waiting for the client's request
 * timeout (30 s, sized for publishing).
 */
const RECEIVE_TIMEOUT_MS = (WAIT_TIME_SECONDS + 10) * 1_000;

export interface SqsServerOptions {
  clients: AwsClients;
  topology: SqsTopology;
  service: ServiceTopology;
  /** Messages being handled at once, at most. */
  prefetch: number;
  /** How long a received message stays hidden from other consumers, unless its handler extends it. */
  visibilityTimeoutSeconds: number;
  deserializer: Deserializer<Message, IncomingEvent>;
}

type Status = 'connected' | 'disconnected';

/**
 * Nest's consuming side on Amazon SQS: long-polls the service's queue with enough pollers to keep
 * `prefetch` messages in hand, hands each to its @EventPattern handler and lets the delivery
 * interceptor settle it (SqsDelivery). A poll that fails (SQS unreachable) is retried with capped
 * backoff for as long as it takes; if the queue itself is gone, the topology is provisioned again
 * when the service may create it.
 */
export class SqsServer extends Server<Record<string, never>, Status> implements CustomTransportStrategy {
  override transportId = SQS_TRANSPORT;
  /** handleEvent awaits the handler's stream, so a failure is seen (and logged) here. */
  override readonly propagatesEventHandlerErrors = true;
  protected override readonly logger = new Logger('SqsServer');

  private running = false;
  private readonly stopped = new AbortController();
  private pollers: Promise<void>[] = [];
  private readonly handling = new Set<Promise<void>>();
  private queue: ConsumingQueue | null = null;
  private recovering: Promise<void> | null = null;
  /** Receives that failed in a row, over all pollers. */
  private failures = 0;
  private lastRecoveryWarning = 0;
  /** Free places among the `prefetch` messages this consumer may hold. */
  private free: number;
  private readonly waitingForPlace: Array<() => void> = [];
  /** The last receive brought nothing: one poller watches the queue, the others wait for traffic. */
  private idle = false;
  /** Receives under way. */
  private receiving = 0;
  private readonly waitingForTraffic: Array<() => void> = [];

  constructor(private readonly options: SqsServerOptions) {
    super();
    this.free = options.prefetch;
    this.deserializer = options.deserializer;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    if (this.options.service.consumes.length === 0) return callback();
    try {
      this.queue = await this.openQueue();
    } catch (error) {
      return callback(error);
    }
    this.running = true;
    this._status$.next('connected');
    const pollers = Math.ceil(this.options.prefetch / RECEIVE_BATCH);
    this.pollers = Array.from({ length: pollers }, () => this.poll());
    callback();
  }

  /**
   * Stops receiving; messages already received still finish and are settled. Polls under way are
   * left to end (at most WAIT_TIME_SECONDS), and what they bring is given back at once.
   */
  stopPolling(): void {
    if (!this.running) return;
    this.running = false;
    this.stopped.abort();
    wakeAll(this.waitingForPlace);
    wakeAll(this.waitingForTraffic);
  }

  /** Stops receiving, waits for the messages in hand to be settled and their deletes sent. */
  async close(): Promise<void> {
    this.stopPolling();
    await Promise.allSettled(this.pollers);
    await Promise.allSettled([...this.handling]);
    await this.queue?.deletes.drain();
    this._status$.next('disconnected');
  }

  unwrap<T>(): T {
    return this.options.clients.sqs as T;
  }

  on(): void {
    throw new Error('SqsServer has no events to listen to; subscribe to `status` instead');
  }

  /** Like Nest's Kafka server: awaits the handler's stream, so that the place it held is freed after it. */
  /** Patterns are event types, plain names: Nest would try each as JSON first, throwing per message. */
  protected override getRouteFromPattern(pattern: string): string {
    return pattern;
  }

  override async handleEvent(pattern: string, packet: ReadPacket, context: SqsContext): Promise<void> {
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) {
      // Left undeleted: it comes back after its visibility timeout, and the redrive policy parks it.
      this.logger.error(`no handler for ${pattern}`);
      return;
    }
    return this.runWithProcessingHooks(context, async (runEndHook) => {
      const resultOrStream = await handler(packet.data, context);
      if (isObservable(resultOrStream)) {
        await lastValueFrom(resultOrStream.pipe(finalize(runEndHook)), { defaultValue: undefined });
      } else {
        runEndHook();
      }
    });
  }

  private async openQueue(): Promise<ConsumingQueue> {
    const { topology, clients, service } = this.options;
    const [queueUrl, deadLetterQueueUrl] = await Promise.all([
      topology.queueUrl(service.service),
      topology.queueUrl(deadLetterQueueName(service.service)),
    ]);
    const deletes = this.queue?.deletes ?? new BatchedDeletes(clients.sqs, () => this.queue!.queueUrl);
    return {
      sqs: clients.sqs,
      service: service.service,
      consumedTypes: service.consumes,
      queueUrl,
      deadLetterQueueUrl,
      deletes,
      visibilityTimeoutSeconds: this.options.visibilityTimeoutSeconds,
    };
  }

  private async poll(): Promise<void> {
    let attempt = 0; // this poller's failed receives in a row, for its backoff
    while (this.running) {
      await this.awaitTraffic();
      const places = await this.takePlaces(RECEIVE_BATCH);
      if (!this.running) {
        this.givePlaces(places);
        break;
      }
      let messages: Message[];
      try {
        messages = await this.receive(places);
      } catch (error) {
        // Every poller tries again, each on a connection of its own: one whose peer froze fails only
        // at the receive timeout, and the others must not wait for it one after the other.
        this.setIdle(false);
        this.givePlaces(places);
        if (!this.running) break;
        attempt += 1;
        this.reportFailure(error);
        if (isMissingQueue(error)) await this.recoverQueue();
        await sleep(retryDelayMs(attempt, 200, 5_000), undefined, { signal: this.stopped.signal }).catch(
          () => undefined,
        );
        continue;
      }
      this.setIdle(messages.length === 0);
      attempt = 0;
      this.reportSuccess();
      if (!this.running) {
        // Stopped while this poll was under way: another consumer gets them now, not after their timeout.
        this.givePlaces(places);
        await this.giveBack(messages);
        break;
      }
      this.givePlaces(places - messages.length);
      for (const message of messages) this.track(this.handleMessage(message).finally(() => this.givePlaces(1)));
    }
  }

  /** One ReceiveMessage for up to `places` messages, counted in `receiving` while it is under way. */
  private async receive(places: number): Promise<Message[]> {
    this.receiving += 1;
    try {
      const received = await this.options.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queue!.queueUrl,
          MaxNumberOfMessages: places,
          WaitTimeSeconds: WAIT_TIME_SECONDS,
          VisibilityTimeout: this.options.visibilityTimeoutSeconds,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
        { abortSignal: AbortSignal.timeout(RECEIVE_TIMEOUT_MS) },
      );
      return received.Messages ?? [];
    } finally {
      this.receiving -= 1;
    }
  }

  /** One line when receiving starts failing (from any poller), one every 20 failures after, one when it works again. */
  private reportFailure(error: unknown): void {
    this.failures += 1;
    this._status$.next('disconnected');
    if (this.failures === 1 || this.failures % 20 === 0) {
      this.logger.warn(`receiving from SQS failed (${describe(error)}); retrying until it answers`);
    }
  }

  private reportSuccess(): void {
    if (this.failures > 0) this.logger.log(`receiving from SQS again after ${this.failures} failed attempt(s)`);
    this.failures = 0;
    this._status$.next('connected');
  }

  private async giveBack(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.options.clients.sqs
      .send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queue!.queueUrl,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      )
      .catch(() => undefined);
  }

  private async handleMessage(message: Message): Promise<void> {
    const queue = this.queue!;
    try {
      const packet = await this.deserializer.deserialize(message);
      const context = new SqsContext([message, queue.service, new SqsDelivery(message, queue)]);
      await this.handleEvent(packet.pattern, packet, context);
    } catch (error) {
      // The interceptor has released the message, or could not even dead-letter it: SQS delivers it again.
      this.logger.debug?.(`message ${message.MessageId} not settled: ${describe(error)}`);
    }
  }

  /** The queue is gone (deleted, or an emulator restarted empty): provision again when allowed, then reopen. */
  private recoverQueue(): Promise<void> {
    this.recovering ??= (async () => {
      const { topology, service } = this.options;
      topology.forget();
      try {
        if (topology.mayCreate) {
          await topology.provision(service);
          this.logger.warn(`queue ${service.service} was missing: SNS/SQS topology provisioned again`);
        }
        this.queue = await this.openQueue();
      } catch (error) {
        if (Date.now() - this.lastRecoveryWarning > 60_000) {
          this.lastRecoveryWarning = Date.now();
          this.logger.warn(`queue ${service.service} is missing and could not be restored: ${describe(error)}`);
        }
      } finally {
        this.recovering = null;
      }
    })();
    return this.recovering;
  }

  private track(handling: Promise<void>): void {
    this.handling.add(handling);
    void handling.finally(() => this.handling.delete(handling));
  }

  /**
   * While the queue is idle and another poller is watching it, waits until that one brings messages
   * (or the server stops): under load every poller receives, on an idle queue one does.
   */
  private async awaitTraffic(): Promise<void> {
    while (this.running && this.idle && this.receiving > 0) {
      await new Promise<void>((wake) => this.waitingForTraffic.push(wake));
    }
  }

  /** Idle after a receive that brought nothing; after messages (or a failed receive) every poller receives again. */
  private setIdle(idle: boolean): void {
    this.idle = idle;
    if (!idle) wakeAll(this.waitingForTraffic);
  }

  /** Waits for at least one free place, then takes up to `wanted` of them. */
  private async takePlaces(wanted: number): Promise<number> {
    while (this.free === 0 && this.running) await new Promise<void>((wake) => this.waitingForPlace.push(wake));
    const taken = Math.min(wanted, this.free);
    this.free -= taken;
    return taken;
  }

  private givePlaces(count: number): void {
    if (count <= 0) return;
    this.free += count;
    wakeAll(this.waitingForPlace);
  }
}

function wakeAll(waiters: Array<() => void>): void {
  waiters.splice(0).forEach((wake) => wake());
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
