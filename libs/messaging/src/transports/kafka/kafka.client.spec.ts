import type { ICustomPartitioner, PartitionMetadata, ProducerBatch, RecordMetadata } from 'kafkajs';
import { CoalescingClientKafka } from './kafka.client.js';

/** The client with a producer that records each request instead of talking to a broker. */
function clientWithRecordingProducer(outcome: (batch: ProducerBatch) => Promise<RecordMetadata[]>) {
  const requests: ProducerBatch[] = [];
  const client = new CoalescingClientKafka({
    send: { acks: -1 },
    serializer: { serialize: (value: unknown) => value },
  });
  (client as unknown as { _producer: unknown })._producer = {
    sendBatch: (batch: ProducerBatch) => {
      requests.push(batch);
      return outcome(batch);
    },
  };
  const emit = (topic: string, value: string) =>
    (client as unknown as { dispatchEvent(packet: object): Promise<RecordMetadata[]> }).dispatchEvent({
      pattern: topic,
      data: { key: value.slice(0, 8), value },
    });
  /** The partitioner the client gives kafkajs, as kafkajs would create it for its producer. */
  const partitioner = () =>
    (
      client as unknown as { options: { producer: { createPartitioner: ICustomPartitioner } } }
    ).options.producer.createPartitioner();
  return { requests, emit, partitioner };
}

const recordsIn = (batch: ProducerBatch) =>
  (batch.topicMessages ?? []).reduce((count, topic) => count + topic.messages.length, 0);
const bytesIn = (batch: ProducerBatch) =>
  (batch.topicMessages ?? []).flatMap((topic) => topic.messages).reduce((sum, m) => sum + String(m.value).length, 0);

describe('CoalescingClientKafka', () => {
  it('sends what is emitted in one tick as one acks=all request, grouped by topic', async () => {
    const { requests, emit } = clientWithRecordingProducer(async () => []);
    await Promise.all([emit('order.created', 'a'), emit('order.created', 'b'), emit('inventory.reserved', 'c')]);
    expect(requests).toHaveLength(1);
    expect(requests[0].acks).toBe(-1);
    expect(requests[0].topicMessages?.map((topic) => [topic.topic, topic.messages.length])).toEqual([
      ['order.created', 2],
      ['inventory.reserved', 1],
    ]);
  });

  it('keeps each request under 512 KiB, however large the burst, and sends an event larger than that alone', async () => {
    const { requests, emit } = clientWithRecordingProducer(async () => []);
    const large = 'x'.repeat(200 * 1024);
    const huge = 'y'.repeat(600 * 1024);
    await Promise.all([...Array.from({ length: 10 }, () => emit('order.created', large)), emit('order.created', huge)]);
    expect(requests.reduce((count, batch) => count + recordsIn(batch), 0)).toBe(11);
    for (const batch of requests) expect(recordsIn(batch) === 1 || bytesIn(batch) <= 512 * 1024).toBe(true);
    expect(requests.some((batch) => recordsIn(batch) === 1 && bytesIn(batch) === huge.length)).toBe(true);
  });

  it('fails exactly the emits whose request failed, so the outbox retries those rows and no others', async () => {
    const { emit } = clientWithRecordingProducer(async (batch) => {
      if (bytesIn(batch) > 300 * 1024) throw new Error('broker refused the request');
      return [];
    });
    const large = 'x'.repeat(520 * 1024);
    const outcomes = await Promise.allSettled([emit('order.created', 'small'), emit('order.created', large)]);
    // 'small' and the large event do not fit one request together: each has its own, and only one fails.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('fails the records of a partition no broker answered for, though kafkajs resolved the send (its retry after a leader moved skips them)', async () => {
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({
      partitionId,
      leader: partitionId,
    })) as PartitionMetadata[];
    let chosen: number[] = [];
    const { emit, partitioner } = clientWithRecordingProducer(async (batch) => {
      // kafkajs partitions every record, then answers for all partitions but the last one chosen.
      const partition = partitioner();
      chosen = batch.topicMessages![0].messages.map((message) =>
        partition({ topic: 'order.created', partitionMetadata, message }),
      );
      const skipped = chosen[chosen.length - 1];
      return [...new Set(chosen)]
        .filter((p) => p !== skipped)
        .map((p) => ({ topicName: 'order.created', partition: p, errorCode: 0 }));
    });
    const outcomes = await Promise.allSettled(
      ['order-1', 'order-2', 'order-3', 'order-4', 'order-5', 'order-6'].map((key) => emit('order.created', key)),
    );
    const skipped = chosen[chosen.length - 1];
    expect(new Set(chosen).size).toBeGreaterThan(1);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(
      chosen.map((partition) => (partition === skipped ? 'rejected' : 'fulfilled')),
    );
  });

  it('starts a new request for what is emitted after the previous one went out', async () => {
    const { requests, emit } = clientWithRecordingProducer(async () => []);
    await emit('order.created', 'first');
    await emit('order.created', 'second');
    expect(requests.map(recordsIn)).toEqual([1, 1]);
  });
});
