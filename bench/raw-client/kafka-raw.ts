import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs';
import type { ThroughputLayer } from '../bench-result.js';
import type { LayerContext } from '../layer-context.js';
import { ConsumeClock, ConsumeCpu, perSecond } from '../throughput.js';
import { waitFor } from '../wait-for.js';
import { describeWork, RAW_LAYER, takeDelivery, type RawConsumerWork } from './raw-consumer-work.js';
import { untilTopicsHaveLeaders } from '#messaging/operator';

const PARTITIONS = 3;
/** Records per `send`: kafkajs groups them per partition into one produce request. */
const SEND_BATCH = 500;

/**
 * kafkajs as its docs suggest for throughput, with the services' guarantees: an idempotent producer
 * with acks=-1 sending batches of records; kafkajs allows an idempotent producer one request in flight
 * only (maxInFlightRequests: 1), so the batches go one after another. The consumer takes whole batches
 * (eachBatch, three partitions at once) and commits each batch's offset after it was handled.
 */
export async function kafkaRawClient(context: LayerContext, work: RawConsumerWork): Promise<ThroughputLayer> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: context.messaging.kafkaBrokers, logLevel: logLevel.ERROR });
  const topic = `bench-raw-${work}-${context.runId}`;
  const groupId = topic;
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
    await untilTopicsHaveLeaders(admin, [topic]);
    await producer.connect();

    const publishing = context.progress.phase(`${context.broker} raw client (${work}): publish`, context.events);
    const started = performance.now();
    for (let sent = 0; sent < context.events; sent += SEND_BATCH) {
      const messages: Message[] = [];
      for (let index = sent; index < Math.min(context.events, sent + SEND_BATCH); index += 1) {
        messages.push({ key: String(index), value: context.eventBytes });
      }
      await producer.send({ topic, acks: -1, messages });
      publishing.advance(sent + messages.length);
    }
    const publishPerSecond = perSecond(context.events, performance.now() - started);
    publishing.end(`${publishPerSecond?.toLocaleString('en-US')} msg/s published`);

    const consuming = context.progress.phase(`${context.broker} raw client (${work}): consume`, context.events);
    const clock = new ConsumeClock();
    const cpu = new ConsumeCpu();
    // A batch holds a large share of the events: the clock starts when the group is joined instead.
    consumer.on(consumer.events.GROUP_JOIN, () => clock.start());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: PARTITIONS,
      eachBatch: async ({ batch }) => {
        // The offset is committed only after the batch was handled.
        for (const message of batch.messages) takeDelivery(work, message.value);
        clock.received(batch.messages.length);
        consuming.advance(clock.count);
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await consumer.commitOffsets([{ topic, partition: batch.partition, offset: next }]);
      },
    });
    await waitFor('the raw kafkajs consumer to take every event', () => clock.count >= context.events, 120_000);
    const consumePerSecond = clock.rate();
    consuming.end(`${consumePerSecond?.toLocaleString('en-US')} msg/s consumed`);
    return {
      layer: RAW_LAYER[work],
      available: true,
      tool: 'kafkajs 2.2.4',
      note:
        `idempotent producer, acks=-1, send() of ${SEND_BATCH} records, one request in flight (kafkajs' limit with ` +
        `idempotence); consumer eachBatch on 3 partitions, offset committed after each batch; publish all, then consume all; ${describeWork(work)}`,
      events: context.events,
      publishPerSecond,
      consumePerSecond,
      consumeCpuUsPerEvent: cpu.microsPerEvent(clock.count),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}
