import type { Admin } from 'kafkajs';
import type { EventTraffic } from '../../broker-transport.js';
import { deadLetterTopic, eventTopic, TOPIC_PARTITIONS } from './kafka.names.js';
import { untilTopicsHaveLeaders } from './kafka.topic-leaders.js';

/** The topics a service needs: those it publishes to, consumes from, and its consumed topics' dead letters. */
export function topicsFor(traffic: EventTraffic): string[] {
  const consumed = traffic.consumes.map(eventTopic);
  return [...new Set([...traffic.publishes.map(eventTopic), ...consumed, ...consumed.map(deadLetterTopic)])];
}

/** Creates the missing ones (idempotent) and returns once each has a leader, i.e. can be used. */
export async function provisionTopics(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: false,
    topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS, replicationFactor: 1 })),
  });
  await untilTopicsHaveLeaders(admin, missing);
}
