import { ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { handlePartitionBatch } from './kafka.partition-batch.js';

type ServerKafkaOptions = ConstructorParameters<typeof ServerKafka>[0];

/**
 * Nest's Kafka server; a topic is an event type, a plain name. Nest would first try each incoming
 * pattern as JSON (for object patterns, which this project never uses), throwing and catching a
 * SyntaxError for every message.
 *
 * It consumes a batch at a time (kafkajs `eachBatch`) instead of Nest's one record at a time: the
 * records of a fetched batch are handled together, up to `windowSize` at once and in order per key
 * (see handlePartitionBatch), and each still goes through Nest's own handling (`handleMessage`:
 * deserializer, interceptors, pipes, handler). An offset is resolved only once its record and every
 * record before it were handled, so what kafkajs commits is still "after the handler".
 */
export class EventTypeServerKafka extends ServerKafka {
  private stopped = false;

  constructor(
    options: ServerKafkaOptions,
    private readonly windowSize: number,
  ) {
    super(options);
  }

  protected override getRouteFromPattern(pattern: string): string {
    return pattern;
  }

  /** Takes no more records from `topics` (shutdown); records being handled still finish. */
  stopConsuming(topics: string[]): void {
    this.stopped = true;
    try {
      this.consumer?.pause(topics.map((topic) => ({ topic })));
    } catch {
      // kafkajs refuses to pause a consumer that is not running yet; bindEvents will not start it.
    }
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    if (this.stopped) return;
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...this.options.subscribe, topics });
    await consumer.run({
      ...this.options.run,
      // Offsets are resolved here, record by record handled; kafkajs must not resolve a whole batch.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private handleBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    return handlePartitionBatch(batch.messages, this.windowSize, {
      handle: (message) => this.handleMessage({ topic, partition, message, heartbeat, pause }),
      resolveOffset,
      heartbeat,
      goOn: () => !this.stopped && isRunning() && !isStale(),
    });
  }
}
