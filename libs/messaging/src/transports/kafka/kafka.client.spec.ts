import kafkajs, {
  type ICustomPartitioner,
  type PartitionMetadata,
  type ProducerBatch,
  type RecordMetadata,
} from 'kafkajs';
import { isPublishRefused } from '../../publish-refused.js';
import { CoalescingClientKafka } from './kafka.client.js';

// Node's ESM loader finds only kafkajs' first few named exports; this one is read off the module itself.
const { KafkaJSProtocolError } = kafkajs;

/** A produce answer as kafkajs rejects with it, e.g. OUT_OF_ORDER_SEQUENCE_NUMBER (code 45). */
const protocolError = (type: string, code: number) =>
  new KafkaJSProtocolError({ message: `broker answered ${type}`, type, code, retriable: false } as never);

/** The client with a producer that records each request instead of talking to a broker. */
function clientWithRecordingProducer(outcome: (batch: ProducerBatch, producer: number) => Promise<RecordMetadata[]>) {
  const requests: ProducerBatch[] = [];
  const client = new CoalescingClientKafka({
    send: { acks: -1 },
    serializer: { serialize: (value: unknown) => value },
  });
  /** Each producer the client has had, numbered from 0, and whether it was disconnected. */
  const producers: Array<{ disconnected: boolean }> = [];
  const fakeProducer = () => {
    const number = producers.length;
    const state = { disconnected: false };
    producers.push(state);
    return {
      events: {},
      on: () => undefined,
      connect: async () => undefined,
      disconnect: async () => void (state.disconnected = true),
      sendBatch: (batch: ProducerBatch) => {
        requests.push(batch);
        return outcome(batch, number);
      },
    };
  };
  const internals = client as unknown as { _producer: unknown; client: unknown };
  internals._producer = fakeProducer();
  internals.client = { producer: fakeProducer };
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
  return { requests, emit, partitioner, producers };
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

  it('starts a new producer when the cluster lost the idempotent session, and sends the batch again on it', async () => {
    const { emit, producers } = clientWithRecordingProducer(async (batch, producer) => {
      // The first producer's sequence numbers no longer match the broker's: every send on it fails so.
      if (producer === 0) throw protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45);
      return [{ topicName: 'order.created', partition: 0, errorCode: 0 }];
    });
    await expect(Promise.all([emit('order.created', 'a'), emit('order.created', 'b')])).resolves.toHaveLength(2);
    // Emits failing together on the lost producer share one new producer; later emits use it.
    await Promise.all([emit('order.created', 'c'), emit('order.created', 'd')]);
    expect(producers).toEqual([{ disconnected: true }, { disconnected: false }]);
  });

  it('fails the emits, not the client, when the new producer fails too, and renews again on the next loss', async () => {
    let failing = 3;
    const { emit, producers } = clientWithRecordingProducer(async () => {
      if (failing-- > 0) throw protocolError('UNKNOWN_PRODUCER_ID', 59);
      return [];
    });
    // The first producer fails, and so does the one that replaced it: the emit fails, to be retried.
    await expect(emit('order.created', 'a')).rejects.toThrow('UNKNOWN_PRODUCER_ID');
    // The second producer fails again: a third one sends the retry.
    await expect(emit('order.created', 'a')).resolves.toEqual([]);
    expect(producers).toHaveLength(3);
  });

  it('sends a batch too large for the broker record by record: only a record too large by itself is refused for good', async () => {
    const { emit } = clientWithRecordingProducer(async (batch) => {
      if (bytesIn(batch) > 1_000) throw protocolError('MESSAGE_TOO_LARGE', 10);
      return [];
    });
    const outcomes = await Promise.allSettled([
      emit('order.created', 'x'.repeat(600)),
      emit('order.created', 'y'.repeat(600)),
      emit('order.created', 'z'.repeat(1_200)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(isPublishRefused((outcomes[2] as PromiseRejectedResult).reason)).toBe(true);
  });

  it('refuses for good what the cluster will never take (not authorised), and not what may pass (a broker away)', async () => {
    const { emit } = clientWithRecordingProducer(async (batch) => {
      const [topic] = batch.topicMessages!;
      if (topic.topic === 'forbidden') throw protocolError('TOPIC_AUTHORIZATION_FAILED', 29);
      throw new kafkajs.KafkaJSConnectionError('Connection timeout');
    });
    // One after the other, so that each has a request of its own.
    const forbidden = await emit('forbidden', 'a').catch((error: unknown) => error);
    const away = await emit('away', 'b').catch((error: unknown) => error);
    expect(isPublishRefused(forbidden)).toBe(true);
    expect(isPublishRefused(away)).toBe(false);
  });
});
