export const BROKERS = ['kafka', 'rabbitmq'] as const;
export type BrokerName = (typeof BROKERS)[number];

/** Everything the messaging layer needs to know, read once from the environment. */
export interface MessagingConfig {
  broker: BrokerName;
  /** The service's own name: Kafka consumer group, RabbitMQ queue, CloudEvents source. */
  serviceName: string;
  kafkaBrokers: string[];
  rabbitmqUrl: string;
  /** Messages a consumer works on at once (RabbitMQ prefetch, Kafka partitions in parallel). */
  prefetch: number;
  /** Attempts before a failing event is dead-lettered. */
  maxDeliveryAttempts: number;
  /** Kafka drops a consumer from its group after this long without a heartbeat. */
  kafkaSessionTimeoutMs: number;
}

export const DEFAULT_BROKER: BrokerName = 'rabbitmq';

/** Reads the broker settings; a wrong value stops the service at start with a message naming it. */
export function loadMessagingConfig(serviceName: string, env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  const broker = (env.BROKER ?? DEFAULT_BROKER).trim() as BrokerName;
  if (!BROKERS.includes(broker)) {
    throw new Error(`BROKER must be one of ${BROKERS.join(', ')}; got "${env.BROKER}"`);
  }
  const kafkaBrokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
  if (kafkaBrokers.length === 0) throw new Error('KAFKA_BROKERS names no bootstrap server');
  return {
    broker,
    serviceName,
    kafkaBrokers,
    rabbitmqUrl: env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    prefetch: positiveInteger(env, 'MESSAGING_PREFETCH', 32),
    maxDeliveryAttempts: positiveInteger(env, 'MESSAGING_MAX_ATTEMPTS', 5),
    kafkaSessionTimeoutMs: positiveInteger(env, 'KAFKA_SESSION_TIMEOUT_MS', 30_000),
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer; got "${raw}"`);
  return value;
}
