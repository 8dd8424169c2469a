import type { Admin } from 'kafkajs';
import { untilTopicsHaveLeaders } from './kafka.topic-leaders.js';

/** An admin whose metadata answers are scripted, one per call (the last repeats). */
function adminAnswering(...answers: Array<Error | Array<{ name: string; leaders: number[] }>>) {
  let calls = 0;
  const admin = {
    fetchTopicMetadata: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      if (answer instanceof Error) throw answer;
      return {
        topics: answer.map(({ name, leaders }) => ({
          name,
          partitions: leaders.map((leader, partitionId) => ({ partitionId, leader, replicas: [], isr: [] })),
        })),
      };
    },
  } as unknown as Admin;
  return { admin, calls: () => calls };
}

const kafkaError = (type: string) => Object.assign(new Error(`broker says ${type}`), { type });

describe('untilTopicsHaveLeaders', () => {
  it('waits through "unknown topic" and leaderless answers for a topic just created, until every partition has a leader', async () => {
    const { admin, calls } = adminAnswering(
      kafkaError('UNKNOWN_TOPIC_OR_PARTITION'),
      [{ name: 'order.created', leaders: [1, -1, 1] }],
      [{ name: 'order.created', leaders: [1, 1, 1] }],
    );
    await untilTopicsHaveLeaders(admin, ['order.created']);
    expect(calls()).toBe(3);
  });

  it('gives up at its deadline, saying what the broker last answered', async () => {
    const { admin } = adminAnswering(kafkaError('LEADER_NOT_AVAILABLE'));
    await expect(untilTopicsHaveLeaders(admin, ['order.created'], 300)).rejects.toThrow(
      /order\.created not ready after 300 ms: broker says LEADER_NOT_AVAILABLE/,
    );
  });

  it('passes any other error on at once', async () => {
    const { admin, calls } = adminAnswering(kafkaError('TOPIC_AUTHORIZATION_FAILED'));
    await expect(untilTopicsHaveLeaders(admin, ['order.created'])).rejects.toThrow(/TOPIC_AUTHORIZATION_FAILED/);
    expect(calls()).toBe(1);
  });
});
