import {
  isProduction,
  positiveInteger,
  readBoolean,
  readInteger,
  readChoice,
  readHostPortList,
  readRaw,
  parseUrl,
  refuse,
  ConfigurationError,
  type Env,
} from '#config';
import { DEFAULT_MAX_EVENT_BYTES } from '#events';
import { parseAllowedSources, type AllowedSources } from './allowed-sources.js';
import { DEFAULT_TOPIC_PARTITIONS } from './transports/kafka/kafka.names.js';

export const BROKERS = ['kafka', 'rabbitmq', 'sqs'] as const;
export const RABBITMQ_QUEUE_TYPES = ['classic', 'quorum'] as const;
export type RabbitmqQueueType = (typeof RABBITMQ_QUEUE_TYPES)[number];
export type BrokerName = (typeof BROKERS)[number];

/** Everything the messaging layer needs to know, read once from the environment. */
export interface MessagingConfig {
  broker: BrokerName;
  /** The service's own name: Kafka consumer group, RabbitMQ and SQS queue, CloudEvents source. */
  serviceName: string;
  kafkaBrokers: string[];
  kafkaTopics: KafkaTopicSettings;
  /** The first of rabbitmqUrls: the one node a tool or a test talks to. */
  rabbitmqUrl: string;
  /** RABBITMQ_URL, a comma-separated list: every node of a cluster, tried in turn when a connection is lost. */
  rabbitmqUrls: string[];
  /** RABBITMQ_QUEUE_TYPE: `quorum` queues are replicated across a cluster's nodes; `classic` ones live on one. */
  rabbitmqQueueType: RabbitmqQueueType;
  /** Messages a consumer works on at once (RabbitMQ prefetch; on Kafka shared by the partitions consumed at once). */
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

/** How the topics a service creates are laid out on a Kafka cluster; existing topics are left as they are. */
export interface KafkaTopicSettings {
  /** KAFKA_TOPIC_PARTITIONS: how many instances of one service can consume a topic in parallel. */
  partitions: number;
  /** KAFKA_REPLICATION_FACTOR: copies of each partition, each on its own broker. */
  replicationFactor: number;
  /** KAFKA_MIN_INSYNC_REPLICAS: copies that hold a record before `acks=all` confirms it. */
  minInsyncReplicas: number;
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
  /**
   * SQS_VISIBILITY_TIMEOUT_SECONDS: how long a received message stays hidden from other consumers. A
   * handler still at work keeps extending it, so this is how soon a crashed consumer's messages return.
   */
  visibilityTimeoutSeconds: number;
}

/** Where each broker is and how to reach it: the part of the config that tests and tools connect with. */
export interface BrokerConnections {
  kafkaBrokers: string[];
  /** The first of rabbitmqUrls. */
  rabbitmqUrl: string;
  rabbitmqUrls: string[];
  sqs: SqsSettings;
}

/** Where `npm run brokers:up` runs Kafka. */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

/** Where `npm run brokers:up` runs the SNS/SQS emulator. */
export const DEFAULT_SQS_ENDPOINT = 'http://127.0.0.1:4566';

export const DEFAULT_BROKER: BrokerName = 'rabbitmq';

/** What `npm run brokers:up` runs RabbitMQ with: its built-in guest account, for development only. */
export const DEFAULT_RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** SQS's own default for a queue: a crashed consumer's messages come back after 30 s. */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;

/** The emulator's dummy credentials, refused with NODE_ENV=production. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Reads the broker settings; a wrong value stops the service at start with a message naming it. */
export function loadMessagingConfig(serviceName: string, env: Env = process.env): MessagingConfig {
  const broker = readChoice(env, 'BROKER', BROKERS, DEFAULT_BROKER);
  return {
    broker,
    serviceName,
    kafkaBrokers: readHostPortList(env, 'KAFKA_BROKERS', DEFAULT_KAFKA_BROKERS),
    kafkaTopics: loadKafkaTopicSettings(broker === 'kafka' ? env : {}),
    // Only the broker in use is checked for production credentials: the others' defaults are never used.
    ...readRabbitmqUrls(env, broker === 'rabbitmq' && isProduction(env)),
    rabbitmqQueueType: readChoice(
      broker === 'rabbitmq' ? env : {},
      'RABBITMQ_QUEUE_TYPE',
      RABBITMQ_QUEUE_TYPES,
      'classic',
    ),
    // RabbitMQ's prefetch count is a 16-bit field.
    prefetch: positiveInteger(env, 'MESSAGING_PREFETCH', 32, 65_535),
    maxDeliveryAttempts: positiveInteger(env, 'MESSAGING_MAX_ATTEMPTS', 5, 1_000),
    kafkaSessionTimeoutMs: positiveInteger(env, 'KAFKA_SESSION_TIMEOUT_MS', 30_000, 3_600_000),
    maxEventBytes: readInteger(env, 'MESSAGING_MAX_EVENT_BYTES', DEFAULT_MAX_EVENT_BYTES, {
      min: 1024,
      max: 64 * 1024 * 1024,
    }),
    allowedSources: parseAllowedSources(env.MESSAGING_ALLOWED_SOURCES),
    // AWS_* may be set for other tools: read (and refused when wrong) only when SQS is the broker.
    sqs: loadSqsSettings(broker === 'sqs' ? env : {}, broker === 'sqs' && isProduction(env)),
  };
}

/**
 * Right for one local node by default (3 partitions, 1 copy). With copies on several brokers, one may
 * be lost without losing a confirmed record or stopping publishers: 2 in sync by default from 3 copies.
 */
function loadKafkaTopicSettings(env: Env): KafkaTopicSettings {
  const partitions = readInteger(env, 'KAFKA_TOPIC_PARTITIONS', DEFAULT_TOPIC_PARTITIONS, { min: 1, max: 10_000 });
  const replicationFactor = readInteger(env, 'KAFKA_REPLICATION_FACTOR', 1, { min: 1, max: 32 });
  const minInsyncReplicas = readInteger(
    env,
    'KAFKA_MIN_INSYNC_REPLICAS',
    Math.max(1, Math.min(2, replicationFactor - 1)),
    { min: 1, max: 32 },
  );
  if (minInsyncReplicas > replicationFactor) {
    throw new ConfigurationError(
      `KAFKA_MIN_INSYNC_REPLICAS (${minInsyncReplicas}) is more than KAFKA_REPLICATION_FACTOR (${replicationFactor}): ` +
        'no record could ever be confirmed',
    );
  }
  return { partitions, replicationFactor, minInsyncReplicas };
}

/**
 * Every broker's connection settings, each read exactly as a service whose BROKER it is reads them
 * (same defaults, same meaning of an empty value, same refusals): for test support, the demo and
 * the bench, which talk to several brokers from one environment.
 */
export function loadBrokerConnections(env: Env = process.env): BrokerConnections {
  const production = isProduction(env);
  return {
    kafkaBrokers: readHostPortList(env, 'KAFKA_BROKERS', DEFAULT_KAFKA_BROKERS),
    ...readRabbitmqUrls(env, production),
    sqs: loadSqsSettings(env, production),
  };
}

/** RABBITMQ_URL: one AMQP URL, or several separated by commas (a cluster's nodes), each checked alike. */
function readRabbitmqUrls(env: Env, production: boolean): { rabbitmqUrl: string; rabbitmqUrls: string[] } {
  const raw = readRaw(env, 'RABBITMQ_URL') ?? DEFAULT_RABBITMQ_URL;
  const urls = raw.split(',').map((url) => url.trim());
  if (urls.some((url) => url === '')) refuse('RABBITMQ_URL', 'AMQP URLs separated by commas', raw);
  for (const url of urls) checkRabbitmqUrl(url, production);
  return { rabbitmqUrl: urls[0], rabbitmqUrls: urls };
}

/**
 * amqp:// or amqps://. In production RabbitMQ's guest account is refused, and so is a URL without
 * credentials, which amqplib would fill in with guest:guest, and the local default passwords.
 */
function checkRabbitmqUrl(raw: string, production: boolean): void {
  const url = parseUrl('RABBITMQ_URL', raw, ['amqp:', 'amqps:']);
  const user = decodeURIComponent(url.username);
  if (production && (user === '' || user === 'guest')) {
    throw new ConfigurationError(
      `RABBITMQ_URL uses RabbitMQ's default guest account, which NODE_ENV=production refuses: ` +
        'set RABBITMQ_URL to amqps://<user>:<password>@<host>:5671 with a user of this service',
    );
  }
  // `npm run brokers:up`, compose and .env.example give each service user the password `<user>-local`.
  if (production && decodeURIComponent(url.password) === `${user}-local`) {
    throw new ConfigurationError(
      `RABBITMQ_URL uses the documented local password of ${user}, which NODE_ENV=production refuses: ` +
        'give the user a secret password of its own',
    );
  }
}

/**
 * AWS_ENDPOINT_URL unset: the local emulator, with its dummy credentials unless AWS_ACCESS_KEY_ID is set.
 * AWS_ENDPOINT_URL empty: AWS itself, with credentials from the SDK's usual chain.
 * NODE_ENV=production refuses the emulator's endpoint and its test/test keys.
 */
function loadSqsSettings(env: Env, production: boolean): SqsSettings {
  const endpoint = env.AWS_ENDPOINT_URL === undefined ? DEFAULT_SQS_ENDPOINT : readRaw(env, 'AWS_ENDPOINT_URL');
  if (endpoint !== undefined) parseUrl('AWS_ENDPOINT_URL', endpoint, ['http:', 'https:']);
  const accessKeyId = readRaw(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = readRaw(env, 'AWS_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigurationError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together');
  }
  if (production && endpoint !== undefined && new URL(endpoint).origin === new URL(DEFAULT_SQS_ENDPOINT).origin) {
    throw new ConfigurationError(
      `AWS_ENDPOINT_URL is ${env.AWS_ENDPOINT_URL === undefined ? 'unset, which means' : 'set to'} the local emulator ` +
        `(${DEFAULT_SQS_ENDPOINT}), which NODE_ENV=production refuses: set AWS_ENDPOINT_URL= (empty) for AWS itself, ` +
        'or to your SNS/SQS endpoint',
    );
  }
  if (
    production &&
    accessKeyId === EMULATOR_CREDENTIALS.accessKeyId &&
    secretAccessKey === EMULATOR_CREDENTIALS.secretAccessKey
  ) {
    throw new ConfigurationError(
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are the emulator's test/test, which NODE_ENV=production refuses: " +
        "set the service's own keys, or leave both unset for the SDK's chain (role, profile)",
    );
  }
  const region = readRaw(env, 'AWS_REGION') ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z0-9]+)+-\d+$/.test(region)) refuse('AWS_REGION', 'an AWS region such as eu-west-1', region);
  return {
    region,
    endpoint,
    // Set credentials (with AWS_SESSION_TOKEN, if any) are the SDK's to read, like profiles and roles;
    // the dummy ones only ever go to an endpoint override outside production.
    credentials: !accessKeyId && endpoint !== undefined && !production ? { ...EMULATOR_CREDENTIALS } : undefined,
    createTopology: readBoolean(env, 'SQS_CREATE_TOPOLOGY', true),
    visibilityTimeoutSeconds: readInteger(env, 'SQS_VISIBILITY_TIMEOUT_SECONDS', DEFAULT_VISIBILITY_TIMEOUT_SECONDS, {
      // A handler's heartbeat (every 3 s) must extend it before it ends; SQS's own maximum is 12 hours.
      min: 5,
      max: 12 * 3600,
    }),
  };
}
