import { ConfigurationError } from '#config';
import { DEFAULT_SQS_ENDPOINT, loadMessagingConfig } from './messaging.config.js';

// Defaults, most refusals and the production rules are proven through loadServiceConfig
// (libs/runtime/src/service.config.spec.ts), MESSAGING_ALLOWED_SOURCES and MESSAGING_MAX_EVENT_BYTES in
// allowed-sources.spec.ts; what follows is what those leave out.
const load = (env: Record<string, string>) => loadMessagingConfig('inventory-service', env);
const production = { NODE_ENV: 'production' };

function expectRefused(env: Record<string, string>, message: string | RegExp) {
  expect(() => load(env)).toThrow(ConfigurationError);
  expect(() => load(env)).toThrow(message);
}

describe('loadMessagingConfig', () => {
  it("names the service's own queue, consumer group and source", () => {
    expect(load({}).serviceName).toBe('inventory-service');
  });

  it('defaults SNS/SQS to us-east-1, creating its topology', () => {
    expect(load({ BROKER: 'sqs' }).sqs).toEqual({
      region: 'us-east-1',
      endpoint: DEFAULT_SQS_ENDPOINT,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      createTopology: true,
      visibilityTimeoutSeconds: 30,
    });
  });

  it('reads values with spaces around them', () => {
    expect(load({ BROKER: ' Kafka ', MESSAGING_PREFETCH: ' 8 ' })).toMatchObject({ broker: 'kafka', prefetch: 8 });
  });

  describe('Kafka topics the services create', () => {
    const kafka = (env: Record<string, string> = {}) => load({ BROKER: 'kafka', ...env }).kafkaTopics;

    it('are right for one local node unless told otherwise: 3 partitions, 1 copy', () => {
      expect(kafka()).toEqual({ partitions: 3, replicationFactor: 1, minInsyncReplicas: 1 });
    });

    it('keep publishing through the loss of one broker by default when replicated: 2 in sync of 3 copies', () => {
      expect(kafka({ KAFKA_REPLICATION_FACTOR: '3' })).toEqual({
        partitions: 3,
        replicationFactor: 3,
        minInsyncReplicas: 2,
      });
      expect(kafka({ KAFKA_REPLICATION_FACTOR: '2' }).minInsyncReplicas).toBe(1);
      expect(
        kafka({ KAFKA_TOPIC_PARTITIONS: '12', KAFKA_MIN_INSYNC_REPLICAS: '3', KAFKA_REPLICATION_FACTOR: '3' }),
      ).toEqual({
        partitions: 12,
        replicationFactor: 3,
        minInsyncReplicas: 3,
      });
    });

    it('refuses more copies in sync than there are copies, and partitions or copies below one', () => {
      expectRefused(
        { BROKER: 'kafka', KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '4' },
        /KAFKA_MIN_INSYNC_REPLICAS \(4\) is more than KAFKA_REPLICATION_FACTOR \(3\)/,
      );
      expectRefused({ BROKER: 'kafka', KAFKA_TOPIC_PARTITIONS: '0' }, /KAFKA_TOPIC_PARTITIONS/);
      expectRefused({ BROKER: 'kafka', KAFKA_REPLICATION_FACTOR: 'three' }, /KAFKA_REPLICATION_FACTOR/);
    });
  });

  describe('RabbitMQ on a cluster', () => {
    const nodes = 'amqp://orders:a@mq-1:5672, amqp://orders:a@mq-2:5672,amqp://orders:a@mq-3:5672';

    it("takes every node's URL, in order, and the first as the one a tool talks to", () => {
      expect(load({ RABBITMQ_URL: nodes })).toMatchObject({
        rabbitmqUrl: 'amqp://orders:a@mq-1:5672',
        rabbitmqUrls: ['amqp://orders:a@mq-1:5672', 'amqp://orders:a@mq-2:5672', 'amqp://orders:a@mq-3:5672'],
      });
    });

    it('checks each URL as it checks one, and refuses an empty one', () => {
      expectRefused({ RABBITMQ_URL: 'amqp://mq-1:5672,http://mq-2:5672' }, /RABBITMQ_URL/);
      expectRefused({ RABBITMQ_URL: 'amqp://mq-1:5672,,amqp://mq-3:5672' }, /AMQP URLs separated by commas/);
      expectRefused({ ...production, BROKER: 'rabbitmq', RABBITMQ_URL: `${nodes},amqp://guest:guest@mq-4` }, /guest/);
    });

    it('declares classic queues unless RABBITMQ_QUEUE_TYPE=quorum, and refuses any other type', () => {
      expect(load({ BROKER: 'rabbitmq' }).rabbitmqQueueType).toBe('classic');
      expect(load({ BROKER: 'rabbitmq', RABBITMQ_QUEUE_TYPE: 'Quorum' }).rabbitmqQueueType).toBe('quorum');
      expectRefused({ BROKER: 'rabbitmq', RABBITMQ_QUEUE_TYPE: 'stream' }, /RABBITMQ_QUEUE_TYPE/);
    });
  });

  describe('limits, at their edges', () => {
    it.each([
      ['MESSAGING_PREFETCH', '65535', 'prefetch', 65_535],
      ['MESSAGING_MAX_ATTEMPTS', '1', 'maxDeliveryAttempts', 1],
      ['MESSAGING_MAX_ATTEMPTS', '1000', 'maxDeliveryAttempts', 1_000],
      ['KAFKA_SESSION_TIMEOUT_MS', '3600000', 'kafkaSessionTimeoutMs', 3_600_000],
    ] as const)('%s=%s is accepted', (name, raw, field, value) => {
      expect(load({ [name]: raw })[field]).toBe(value);
    });

    it.each([
      ['MESSAGING_MAX_ATTEMPTS', '1001', 'an integer from 1 to 1000'],
      ['KAFKA_SESSION_TIMEOUT_MS', '3600001', 'an integer from 1 to 3600000'],
    ])('%s=%s is refused', (name, raw, expected) => {
      expectRefused({ [name]: raw }, `${name} must be ${expected}; got "${raw}"`);
    });
  });

  describe('SNS/SQS visibility timeout', () => {
    const visibility = (raw: string) => load({ BROKER: 'sqs', SQS_VISIBILITY_TIMEOUT_SECONDS: raw }).sqs;

    it.each([
      ['5', 5],
      ['43200', 43_200],
    ])('SQS_VISIBILITY_TIMEOUT_SECONDS=%s is accepted', (raw, seconds) => {
      expect(visibility(raw).visibilityTimeoutSeconds).toBe(seconds);
    });

    it.each(['4', '43201', '30s'])(
      'SQS_VISIBILITY_TIMEOUT_SECONDS=%s is refused: a heartbeat must extend it in time',
      (raw) => {
        expectRefused(
          { BROKER: 'sqs', SQS_VISIBILITY_TIMEOUT_SECONDS: raw },
          /SQS_VISIBILITY_TIMEOUT_SECONDS must be an integer from 5 to 43200/,
        );
      },
    );
  });

  describe('SNS/SQS credentials', () => {
    it("leaves the service's own keys to the AWS SDK, even for the emulator", () => {
      const { sqs } = load({ BROKER: 'sqs', AWS_ACCESS_KEY_ID: 'AKIA0000', AWS_SECRET_ACCESS_KEY: 's3cret' });
      expect(sqs.credentials).toBeUndefined();
      expect(sqs.endpoint).toBe(DEFAULT_SQS_ENDPOINT);
    });

    it('refuses a secret key without its key id', () => {
      expectRefused({ BROKER: 'sqs', AWS_SECRET_ACCESS_KEY: 's3cret' }, /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    });
  });

  describe('NODE_ENV=production', () => {
    it("refuses RabbitMQ's guest account however its name is encoded", () => {
      expectRefused({ ...production, RABBITMQ_URL: 'amqps://gu%65st:other@mq:5671' }, /guest account/);
    });

    it('refuses the emulator at any path of its address', () => {
      expectRefused(
        { ...production, BROKER: 'sqs', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566/queue' },
        /AWS_ENDPOINT_URL/,
      );
    });

    it('with SNS/SQS on AWS itself, does not ask for RabbitMQ credentials', () => {
      expect(load({ ...production, BROKER: 'sqs', AWS_ENDPOINT_URL: '' }).sqs.endpoint).toBeUndefined();
    });
  });
});
