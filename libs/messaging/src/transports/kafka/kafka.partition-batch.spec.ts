import type { KafkaMessage } from 'kafkajs';
import { handlePartitionBatch } from './kafka.partition-batch.js';

const record = (offset: number, key: string | null): KafkaMessage =>
  ({
    offset: String(offset),
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(`v${offset}`),
  }) as KafkaMessage;

/** Handles each record after a turn of the event loop, and records when each started and finished. */
function recordingRun(fails: (offset: string) => boolean = () => false) {
  const events: string[] = [];
  const resolved: string[] = [];
  let goOn = true;
  const run = {
    handle: async (message: KafkaMessage) => {
      events.push(`start ${message.offset}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`end ${message.offset}`);
      if (fails(message.offset)) throw new Error(`record ${message.offset} failed`);
    },
    resolveOffset: (offset: string) => resolved.push(offset),
    heartbeat: async () => void events.push('heartbeat'),
    goOn: () => goOn,
  };
  return { run, events, resolved, stop: () => (goOn = false) };
}

describe('handlePartitionBatch', () => {
  it('handles records of different keys together and records of one key one after another, in offset order', async () => {
    const { run, events, resolved } = recordingRun();
    await handlePartitionBatch([record(0, 'a'), record(1, 'b'), record(2, 'a'), record(3, null)], 10, run);
    // 0, 1 and 3 start before any ends; 2 (key a) starts only once 0 (key a) ended.
    expect(events.slice(0, 3).sort()).toEqual(['start 0', 'start 1', 'start 3']);
    expect(events.indexOf('start 2')).toBeGreaterThan(events.indexOf('end 0'));
    expect(resolved).toEqual(['3']);
  });

  it('resolves each window once all of it was handled, and holds no more than a window at once', async () => {
    const { run, events, resolved } = recordingRun();
    await handlePartitionBatch(
      [0, 1, 2, 3, 4].map((offset) => record(offset, `k${offset}`)),
      2,
      run,
    );
    expect(resolved).toEqual(['1', '3', '4']);
    expect(events.filter((event) => event === 'heartbeat')).toHaveLength(3);
    expect(events.indexOf('start 2')).toBeGreaterThan(events.indexOf('end 1'));
  });

  it('on a failed record, resolves only the records before it and hands its error on; that key goes no further', async () => {
    const { run, events, resolved } = recordingRun((offset) => offset === '1');
    const records = [record(0, 'a'), record(1, 'b'), record(2, 'c'), record(3, 'b'), record(4, 'd')];
    await expect(handlePartitionBatch(records, 10, run)).rejects.toThrow('record 1 failed');
    expect(resolved).toEqual(['0']);
    // Key b's next record waits for the failed one and is never started; it comes again with the refetch.
    expect(events).not.toContain('start 3');
    // The other keys' records were handled but stay unresolved: they come again, and the inbox skips them.
    expect(events).toEqual(expect.arrayContaining(['end 2', 'end 4']));
  });

  it('starts no further window once told to stop (shutdown, pause, lost partition)', async () => {
    const { run, events, resolved, stop } = recordingRun();
    const handle = run.handle;
    run.handle = async (message) => {
      await handle(message);
      if (message.offset === '0') stop();
    };
    await handlePartitionBatch([record(0, 'a'), record(1, 'b'), record(2, 'c')], 2, run);
    expect(resolved).toEqual(['1']);
    expect(events).not.toContain('start 2');
  });
});
