import type { Admin } from 'kafkajs';

const POLL_MS = 100;
/** What a broker may answer for a topic created a moment ago, before its metadata has spread. */
const NOT_YET_KNOWN = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Waits until every partition of the topics has a leader. kafkajs' own wait (`createTopics` with
 * `waitForLeaders`) gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker can still answer for
 * a topic it has just created: a service, or a test, then failed at start for no lasting reason.
 */
export async function untilTopicsHaveLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waitingFor = await whyNotReady(admin, topics);
    if (waitingFor === null) return;
    if (Date.now() >= deadline)
      throw new Error(`topics ${topics.join(', ')} not ready after ${timeoutMs} ms: ${waitingFor}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Null once every partition has a leader, else what the broker said. */
async function whyNotReady(admin: Admin, topics: string[]): Promise<string | null> {
  try {
    const { topics: described } = await admin.fetchTopicMetadata({ topics });
    const leaderless = described.filter(
      ({ partitions }) => partitions.length === 0 || partitions.some((partition) => partition.leader < 0),
    );
    return leaderless.length === 0 ? null : `no leader yet for ${leaderless.map(({ name }) => name).join(', ')}`;
  } catch (error) {
    if (!NOT_YET_KNOWN.has((error as { type?: string }).type ?? '')) throw error;
    return (error as Error).message;
  }
}
