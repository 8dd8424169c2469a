import type { Admin } from 'kafkajs';

/**
 * Records on `topics` past what `groupId` has committed: its consumer lag. A partition the group never
 * committed counts from its first record, where the group would start reading it.
 */
export async function recordsNotConsumed(admin: Admin, groupId: string, topics: readonly string[]): Promise<bigint> {
  let waiting = 0n;
  for (const topic of topics) {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    for (const { partition, low, high } of ends) {
      const offset = committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
      waiting += BigInt(high) - BigInt(offset === '-1' ? low : offset);
    }
  }
  return waiting;
}
