import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type KafkaMessage, type Producer } from 'kafkajs';
import type { MessagingConfig } from '../../messaging.config.js';
import { deadLetterTopic } from './kafka.names.js';
import { readDeadLetter, replayHeaders } from '../../dead-letters/dead-letter.js';
import type { ResolvedQuery } from '../../dead-letters/dead-letter-query.js';
import type {
  DeadLetterSource,
  HandledDeadLetter,
  WalkMode,
  WalkSummary,
} from '../../dead-letters/dead-letter-store.js';
import { HandOff } from '../../dead-letters/hand-off.js';
import { replayRefusal } from '../../dead-letters/replay-targets.js';
import { DeadlineReached, WalkDeadline } from '../../dead-letters/walk-deadline.js';

/** Said whenever a Kafka purge leaves selected letters behind, so nobody mistakes it for a bug. */
export const KAFKA_PURGE_RULE =
  'Kafka cannot delete single records: purge deletes, per partition, the oldest letters up to the first one ' +
  'that is not selected (DeleteRecords) and stops reading there; selected letters after it stay until the ' +
  'topic’s retention (retention.ms) removes them.';

/** One partition of a `.dlt` topic as a walk goes through it: from `start` to the end seen when it began. */
interface PartitionWalk {
  topic: string;
  partition: number;
  /** The earliest offset still kept (the log start). */
  low: bigint;
  start: bigint;
  /** The high watermark when the walk began: later letters are not this walk's. */
  end: bigint;
  done: boolean;
  /** Purge: every letter from `low` up to here was selected, so all of them can be deleted. */
  cutBefore: bigint;
  deletedBefore: bigint;
}

/**
 * A service's dead letters are the `<topic>.dlt` topics of the topics it consumes. A walk reads them
 * with a throw-away consumer group from their start (or, with `since`, from the first offset at that
 * time) to the high watermark taken when it began, one fetched batch at a time, and stops there, at
 * its limit or at its deadline. A replay re-produces to the origin topic. A purge can only delete a
 * partition's oldest records, so it deletes the selected letters from the start of each partition up
 * to the first one that is not selected, and says so (KAFKA_PURGE_RULE).
 */
export class KafkaDeadLetters implements DeadLetterSource {
  readonly destination: string;
  private readonly kafka: Kafka;
  private readonly topics: string[];

  constructor(config: MessagingConfig, consumedTopics: readonly string[]) {
    this.topics = consumedTopics.map(deadLetterTopic);
    this.destination = this.topics.join(', ');
    this.kafka = new Kafka({
      clientId: `${config.serviceName}-dead-letters`,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { retries: 3, initialRetryTime: 200 },
    });
  }

  async *walk(query: ResolvedQuery, mode: WalkMode, summary: WalkSummary): AsyncGenerator<HandledDeadLetter> {
    const deadline = new WalkDeadline(query.deadlineMs);
    const admin = this.kafka.admin();
    const groupId = `dead-letters-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
    const handOff = new HandOff<HandledDeadLetter>();
    let producer: Producer | undefined;
    let consuming = false;
    let stoppedBy: WalkSummary['stoppedBy'] = 'end';
    let stoppedAtUnselected = false;
    try {
      await deadline.race(admin.connect(), 'a Kafka connection');
      const partitions = await deadline.race(this.plan(admin, mode, query, summary), 'the dead-letter topics’ offsets');
      if (partitions.every((entry) => entry.done)) return;
      const byName = new Map(partitions.map((entry) => [`${entry.topic}:${entry.partition}`, entry]));
      const everyPartitionDone = () => partitions.every((entry) => entry.done);
      if (mode === 'replay') {
        producer = this.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
        await deadline.race(producer.connect(), 'a Kafka producer connection');
      }

      const handle = async (entry: PartitionWalk, message: KafkaMessage): Promise<HandledDeadLetter | undefined> => {
        const body = message.value ?? Buffer.alloc(0);
        const letter = readDeadLetter(
          {
            locator: `${entry.topic}:${entry.partition}:${message.offset}`,
            body,
            headers: message.headers ?? {},
            fallbackOrigin: entry.topic.replace(/\.dlt$/, ''),
            fallbackTime: Number(message.timestamp),
          },
          query.bodyBytes,
        );
        summary.examined += 1;
        if (!query.selects(letter, body)) {
          if (mode === 'purge' || mode === 'purge-dry-run') {
            // Nothing after this letter can be deleted: the partition's walk ends here.
            entry.done = true;
            stoppedAtUnselected = true;
          }
          return undefined;
        }
        summary.selected += 1;
        switch (mode) {
          case 'list':
            return { letter, outcome: 'listed' };
          case 'replay': {
            const refusal = replayRefusal(letter.origin);
            if (refusal) return { letter, outcome: 'refused', note: refusal };
            await deadline.race(
              producer!.send({
                topic: letter.origin,
                acks: -1,
                messages: [
                  {
                    key: message.key,
                    value: message.value,
                    headers: replayHeaders(message.headers ?? {}, letter.locator),
                  },
                ],
              }),
              'Kafka to confirm a replay',
            );
            return { letter, outcome: 'replayed' };
          }
          case 'purge':
          case 'purge-dry-run':
            entry.cutBefore = BigInt(message.offset) + 1n;
            return { letter, outcome: mode === 'purge' ? 'purged' : 'would purge' };
        }
      };

      await deadline.race(consumer.connect(), 'a Kafka consumer connection');
      const wanted = [...new Set(partitions.filter((entry) => !entry.done).map((entry) => entry.topic))];
      await deadline.race(consumer.subscribe({ topics: wanted, fromBeginning: true }), 'a Kafka subscription');
      consuming = true;
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const entry = byName.get(`${batch.topic}:${batch.partition}`);
          if (!entry || entry.done) return;
          const handled: HandledDeadLetter[] = [];
          let limitReached = false;
          try {
            for (const message of batch.messages) {
              const offset = BigInt(message.offset);
              if (offset < entry.start) continue;
              if (offset >= entry.end) break;
              if (offset === entry.end - 1n) entry.done = true;
              const outcome = await handle(entry, message);
              if (outcome) handled.push(outcome);
              if (entry.done) {
                consumer.pause([{ topic: entry.topic, partitions: [entry.partition] }]);
                break;
              }
              if (summary.selected >= query.limit) {
                limitReached = true;
                break;
              }
            }
            // Deleted before anything is reported as purged, so what the tool prints has happened.
            if (mode === 'purge' && entry.cutBefore > entry.deletedBefore) {
              await deadline.race(
                admin.deleteTopicRecords({
                  topic: entry.topic,
                  partitions: [{ partition: entry.partition, offset: String(entry.cutBefore) }],
                }),
                'Kafka to delete records',
              );
              entry.deletedBefore = entry.cutBefore;
            }
          } catch (error) {
            handOff.fail(error);
            return;
          }
          for (const outcome of handled) if (!(await handOff.put(outcome))) return;
          if (limitReached) stoppedBy = 'limit';
          if (limitReached || everyPartitionDone()) handOff.end();
        },
      });
      // Start each partition where its walk starts; one with nothing in range is parked at its end.
      for (const entry of partitions) {
        const offset = entry.done ? entry.end : entry.start;
        if (offset > entry.low)
          consumer.seek({ topic: entry.topic, partition: entry.partition, offset: String(offset) });
      }
      const onDeadline = () => handOff.fail(new DeadlineReached('Kafka to deliver the rest of the dead-letter topics'));
      deadline.signal.addEventListener('abort', onDeadline, { once: true });
      try {
        yield* handOff;
      } finally {
        deadline.signal.removeEventListener('abort', onDeadline);
      }
      summary.stoppedBy = stoppedBy;
    } finally {
      deadline.dispose();
      handOff.end();
      if (stoppedAtUnselected) summary.notes.push(KAFKA_PURGE_RULE);
      await Promise.race([
        (async () => {
          if (consuming) await consumer.disconnect().catch(() => undefined);
          await producer?.disconnect().catch(() => undefined);
          await admin.deleteGroups([groupId]).catch(() => undefined);
          await admin.disconnect().catch(() => undefined);
        })(),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ]);
    }
  }

  async close(): Promise<void> {}

  /** Where each partition's walk starts and ends; partitions with nothing in range are done before it starts. */
  private async plan(admin: Admin, mode: WalkMode, query: ResolvedQuery, summary: WalkSummary) {
    const partitions: PartitionWalk[] = [];
    const existing = new Set(await admin.listTopics());
    for (const topic of this.topics.filter((name) => !existing.has(name))) {
      summary.notes.push(`there is no topic ${topic} (yet): nothing was dead-lettered there`);
    }
    for (const topic of this.topics.filter((name) => existing.has(name))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      // With `since`, a list or replay starts at the first offset of that time; a purge reads from
      // the log start, because only a prefix that is selected from its very start can be deleted.
      const startAt =
        query.since && (mode === 'list' || mode === 'replay')
          ? new Map(
              (await admin.fetchTopicOffsetsByTimestamp(topic, query.since.getTime())).map(
                ({ partition, offset }) => [partition, BigInt(offset)] as const,
              ),
            )
          : undefined;
      for (const { partition, low, high } of offsets) {
        const [lowOffset, end] = [BigInt(low), BigInt(high)];
        const found = startAt?.get(partition);
        const start = found === undefined || found < 0n ? (startAt ? end : lowOffset) : found;
        const from = start < lowOffset ? lowOffset : start;
        partitions.push({
          topic,
          partition,
          low: lowOffset,
          start: from,
          end,
          done: from >= end,
          cutBefore: lowOffset,
          deletedBefore: lowOffset,
        });
      }
    }
    return partitions;
  }
}
