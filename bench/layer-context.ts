import { loadMessagingConfig, type MessagingConfig } from '#messaging';
import type { BenchBroker } from './bench-result.js';
import type { Progress } from './progress.js';

/** What every throughput layer of one broker's run shares. */
export interface LayerContext {
  broker: BenchBroker;
  /** The broker settings the services would read from this environment (KAFKA_BROKERS, RABBITMQ_URL, AWS_*). */
  messaging: MessagingConfig;
  /** How many events each layer publishes and then consumes. */
  events: number;
  /** The exact bytes of the bench event (bench/bench-event.ts). */
  eventBytes: Buffer;
  /** Names the run's bench-only topics, queues and groups, so that runs never meet. */
  runId: string;
  /** The repository root: where .brokers/ and the Maven poms are. */
  root: string;
  progress: Progress;
}

/** The broker settings of the environment, with the broker chosen by the bench instead of BROKER. */
export function benchMessagingConfig(broker: BenchBroker, serviceName: string): MessagingConfig {
  return loadMessagingConfig(serviceName, { ...process.env, BROKER: broker });
}
