import { DEFAULT_MAX_EVENT_BYTES } from '#events';
import { parseAllowedSources, type AllowedSources } from './allowed-sources.js';

export const BROKERS = ['kafka', 'rabbitmq', 'sqs'] as const;
export type BrokerName = (typeof BROKERS)[number];

/** Everything the messaging layer needs to know, read once from the environment. */
export interface MessagingConfig {
  broker: BrokerName;
  /** The service's own name: Kafka consumer group, RabbitMQ and SQS queue, CloudEvents source. */
  serviceName: string;
  kafkaBrokers: string[];
  rabbitmqUrl: string;
  /** Messages a consumer works on at once (RabbitMQ prefetch, Kafka partitions in parallel). */
  prefetch: number;
  /** Attempts before a failing event is dead-lettered. */
  maxDeliveryAttempts: number;
  /** Kafka drops a consumer from its group after this long without a heartbeat. */
  kafkaSessionTimeoutMs: number;
  /** Larger messages are dead-lettered before they are parsed (MESSAGING_MAX_EVENT_BYTES). */
  maxEventBytes: number;
  /** Which sources may publish each type (MESSAGING_ALLOWED_SOURCES); unlisted types: any source. */
  allowedSources: AllowedSources;
  sqs: SqsSettings;
}

/** Amazon SNS/SQS: where, as whom, and whether the service may create its topics and queues. */
export interface SqsSettings {
  region: string;
  /** An endpoint override (a local emulator); undefined means AWS's own regional endpoints. */
  endpoint?: string;
  /** The emulator's dummy credentials; undefined lets the AWS SDK find them (env, profile, role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Create topics, queues and subscriptions at start; when false, only check that they exist. */
  createTopology: boolean;
}

/** Where `npm run brokers:up` runs the SNS/SQS emulator. */
export const DEFAULT_SQS_ENDPOINT = 'http://127.0.0.1:4566';

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
    maxEventBytes: integerBetween(env, 'MESSAGING_MAX_EVENT_BYTES', DEFAULT_MAX_EVENT_BYTES, 1024, 64 * 1024 * 1024),
    allowedSources: parseAllowedSources(env.MESSAGING_ALLOWED_SOURCES),
    // AWS_* may be set for other tools: read (and refused when wrong) only when SQS is the broker.
    sqs: loadSqsSettings(broker === 'sqs' ? env : {}),
  };
}

/**
 * AWS_ENDPOINT_URL unset: the local emulator, with its dummy credentials unless AWS_ACCESS_KEY_ID is set.
 * AWS_ENDPOINT_URL empty: AWS itself, with credentials from the SDK's usual chain.
 */
function loadSqsSettings(env: NodeJS.ProcessEnv): SqsSettings {
  const endpoint = (env.AWS_ENDPOINT_URL ?? DEFAULT_SQS_ENDPOINT).trim() || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new Error(`AWS_ENDPOINT_URL must be an http(s) URL, or empty for AWS itself; got "${endpoint}"`);
  }
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together');
  }
  // Set credentials (with AWS_SESSION_TOKEN, if any) are the SDK's to read, like profiles and roles.
  const credentials =
    !accessKeyId && endpoint !== undefined ? { accessKeyId: 'test', secretAccessKey: 'test' } : undefined;
  const create = (env.SQS_CREATE_TOPOLOGY ?? 'true').trim().toLowerCase();
  if (create !== 'true' && create !== 'false') {
    throw new Error(`SQS_CREATE_TOPOLOGY must be true or false; got "${env.SQS_CREATE_TOPOLOGY}"`);
  }
  return {
    region: env.AWS_REGION?.trim() || 'us-east-1',
    endpoint,
    credentials,
    createTopology: create === 'true',
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer; got "${raw}"`);
  return value;
}

function integerBetween(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}
