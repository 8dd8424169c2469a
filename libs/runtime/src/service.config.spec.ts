import { ConfigurationError } from '#config';
import { DEFAULT_RABBITMQ_URL, DEFAULT_SQS_ENDPOINT } from '#messaging';
import { DEFAULT_OUTBOX_SETTINGS } from '#outbox';
import { loadServiceConfig, SERVICE_ENVIRONMENT_VARIABLES } from './service.config.js';

const load = (env: Record<string, string>) => loadServiceConfig('order-service', { port: 3000 }, env);

/** The loader refuses `env` with a ConfigurationError whose message names `variable`. */
function expectRefused(env: Record<string, string>, variable: string, saying?: RegExp) {
  let thrown: unknown;
  try {
    load(env);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigurationError);
  expect((thrown as Error).message).toContain(variable);
  if (saying) expect((thrown as Error).message).toMatch(saying);
}

describe('loadServiceConfig', () => {
  it('starts with no variable set, on the development defaults', () => {
    const config = load({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: '.data/order-service.sqlite',
      shutdownTimeoutMs: 10_000,
      logLevel: 'log',
      production: false,
      outbox: DEFAULT_OUTBOX_SETTINGS,
    });
    expect(config.messaging).toMatchObject({
      broker: 'rabbitmq',
      kafkaBrokers: ['127.0.0.1:9092'],
      rabbitmqUrl: DEFAULT_RABBITMQ_URL,
      prefetch: 32,
      maxDeliveryAttempts: 5,
      kafkaSessionTimeoutMs: 30_000,
    });
  });

  it('treats blank values as unset', () => {
    expect(load({ PORT: ' ', LOG_LEVEL: '', MESSAGING_PREFETCH: '' })).toMatchObject({ port: 3000, logLevel: 'log' });
  });

  describe('LOG_LEVEL', () => {
    it.each(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])('accepts Nest level %s', (level) => {
      expect(load({ LOG_LEVEL: level }).logLevel).toBe(level);
    });

    it.each([
      ['info', 'log'],
      ['INFO', 'log'],
      ['warning', 'warn'],
      ['trace', 'verbose'],
      [' Debug ', 'debug'],
    ])('maps %s onto %s', (typed, level) => {
      expect(load({ LOG_LEVEL: typed }).logLevel).toBe(level);
    });

    it('refuses anything else, naming the variable and the choices', () => {
      expectRefused(
        { LOG_LEVEL: 'nonsense' },
        'LOG_LEVEL',
        /one of fatal, error, warn, log, debug, verbose .*got "nonsense"/,
      );
      expectRefused({ LOG_LEVEL: 'silent' }, 'LOG_LEVEL');
    });

    it('writes JSON lines unless LOG_FORMAT=pretty, and refuses any other format', () => {
      expect(load({}).logFormat).toBe('json');
      expect(load({ LOG_FORMAT: 'PRETTY' }).logFormat).toBe('pretty');
      expectRefused({ LOG_FORMAT: 'xml' }, 'LOG_FORMAT', /one of json, pretty/);
    });

    it('passes trace context explicitly unless TRACE_CONTEXT_PROPAGATION=async, and refuses anything else', () => {
      expect(load({}).traceContextPropagation).toBe('explicit');
      expect(load({ TRACE_CONTEXT_PROPAGATION: 'async' }).traceContextPropagation).toBe('async');
      expectRefused({ TRACE_CONTEXT_PROPAGATION: 'global' }, 'TRACE_CONTEXT_PROPAGATION', /one of explicit, async/);
    });
  });

  describe('numbers', () => {
    it.each([
      ['PORT', '8080', (config: ReturnType<typeof load>) => config.port, 8080],
      ['SHUTDOWN_TIMEOUT_MS', '2500', (config: ReturnType<typeof load>) => config.shutdownTimeoutMs, 2500],
      ['MESSAGING_PREFETCH', '64', (config: ReturnType<typeof load>) => config.messaging.prefetch, 64],
      ['MESSAGING_MAX_ATTEMPTS', '3', (config: ReturnType<typeof load>) => config.messaging.maxDeliveryAttempts, 3],
      [
        'KAFKA_SESSION_TIMEOUT_MS',
        '6000',
        (config: ReturnType<typeof load>) => config.messaging.kafkaSessionTimeoutMs,
        6000,
      ],
      ['OUTBOX_MAX_ATTEMPTS', '4', (config: ReturnType<typeof load>) => config.outbox.delivery.maxAttempts, 4],
      [
        'OUTBOX_PUBLISH_TIMEOUT_MS',
        '2000',
        (config: ReturnType<typeof load>) => config.outbox.delivery.publishTimeoutMs,
        2000,
      ],
      ['INBOX_RETENTION_HOURS', '72', (config: ReturnType<typeof load>) => config.outbox.retention.inboxHours, 72],
      ['OUTBOX_RETENTION_HOURS', '0.5', (config: ReturnType<typeof load>) => config.outbox.retention.outboxHours, 0.5],
      ['PRUNE_INTERVAL_MS', '60000', (config: ReturnType<typeof load>) => config.outbox.retention.intervalMs, 60000],
    ])('%s=%s is read', (name, raw, read, expected) => {
      expect(read(load({ [name]: raw }))).toBe(expected);
    });

    it.each([
      ['PORT', ['0', '65536', '-1', '80.5', 'http', '0x50', '1e3']],
      ['SHUTDOWN_TIMEOUT_MS', ['0', 'ten', '-5']],
      ['MESSAGING_PREFETCH', ['0', '65536', 'many']],
      ['MESSAGING_MAX_ATTEMPTS', ['0', '1.5']],
      ['KAFKA_SESSION_TIMEOUT_MS', ['0', '30s']],
      ['OUTBOX_MAX_ATTEMPTS', ['0', 'forever']],
      ['OUTBOX_PUBLISH_TIMEOUT_MS', ['0', '10s']],
      ['INBOX_RETENTION_HOURS', ['0', '-1', '7d']],
      ['OUTBOX_RETENTION_HOURS', ['0', 'week']],
      ['PRUNE_INTERVAL_MS', ['0', '5m']],
    ])('%s refuses %p', (name, values) => {
      for (const value of values)
        expectRefused({ [name]: value }, name, new RegExp(`got "${value.replace('.', '\\.')}"`));
    });
  });

  describe('BROKER', () => {
    it.each(['kafka', 'rabbitmq', 'sqs', 'Kafka'])('accepts %s', (broker) => {
      expect(load({ BROKER: broker }).messaging.broker).toBe(broker.toLowerCase());
    });

    it('refuses a broker it has no transport for', () => {
      expectRefused({ BROKER: 'nats' }, 'BROKER', /one of kafka, rabbitmq, sqs/);
    });
  });

  describe('URLs and addresses', () => {
    it('KAFKA_BROKERS takes a host:port list, IPv6 in brackets', () => {
      expect(load({ KAFKA_BROKERS: 'kafka-1:9092, 10.0.0.2:9093,[::1]:9094' }).messaging.kafkaBrokers).toEqual([
        'kafka-1:9092',
        '10.0.0.2:9093',
        '[::1]:9094',
      ]);
    });

    it.each([',', 'kafka', 'kafka:', 'kafka:99999', 'kafka:9092,bad host:1', 'PLAINTEXT://kafka:9092'])(
      'KAFKA_BROKERS refuses %p',
      (value) => expectRefused({ KAFKA_BROKERS: value }, 'KAFKA_BROKERS', /host:port/),
    );

    it('RABBITMQ_URL takes amqp:// and amqps://', () => {
      expect(load({ RABBITMQ_URL: 'amqps://orders:s3cret@mq.example:5671/prod' }).messaging.rabbitmqUrl).toBe(
        'amqps://orders:s3cret@mq.example:5671/prod',
      );
    });

    it.each(['http://mq:5672', 'mq:5672', 'amqp://'])('RABBITMQ_URL refuses %p', (value) =>
      expectRefused({ RABBITMQ_URL: value }, 'RABBITMQ_URL', /amqp:\/\/ or amqps:\/\//),
    );

    it('never repeats a password in the message', () => {
      expectRefused({ RABBITMQ_URL: 'http://orders:s3cret@mq:5672' }, 'RABBITMQ_URL', /orders:\*\*\*@mq/);
      expect(() => load({ RABBITMQ_URL: 'http://orders:s3cret@mq:5672' })).not.toThrow(/s3cret/);
    });

    it('DATABASE_URL takes postgres URLs and SQLite paths', () => {
      expect(load({ DATABASE_URL: 'postgres://orders@db:5432/orders' }).databaseUrl).toBe(
        'postgres://orders@db:5432/orders',
      );
      expect(load({ DATABASE_URL: '/var/lib/orders.sqlite' }).databaseUrl).toBe('/var/lib/orders.sqlite');
      expect(load({ DATABASE_URL: 'sqlite:///var/lib/orders.sqlite' }).databaseUrl).toBe(
        'sqlite:///var/lib/orders.sqlite',
      );
    });

    it.each([
      ['mysql://db/orders', /postgres:\/\/ URL or a SQLite file path/],
      ['postgres://', /postgres:\/\/ or postgresql:\/\/ URL with a host/],
      ['postgres://db:5432', /names no PostgreSQL database/],
      ['sqlite://', /names no SQLite file/],
    ])('DATABASE_URL refuses %p', (value, saying) => expectRefused({ DATABASE_URL: value }, 'DATABASE_URL', saying));

    it('AWS_ENDPOINT_URL: unset is the emulator, empty is AWS, else an http(s) URL', () => {
      expect(load({ BROKER: 'sqs' }).messaging.sqs).toMatchObject({
        endpoint: DEFAULT_SQS_ENDPOINT,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      expect(load({ BROKER: 'sqs', AWS_ENDPOINT_URL: '' }).messaging.sqs).toMatchObject({
        endpoint: undefined,
        credentials: undefined,
      });
      expect(load({ BROKER: 'sqs', AWS_ENDPOINT_URL: 'https://sqs.internal:443' }).messaging.sqs.endpoint).toBe(
        'https://sqs.internal:443',
      );
      expectRefused({ BROKER: 'sqs', AWS_ENDPOINT_URL: 'sqs.internal' }, 'AWS_ENDPOINT_URL', /http:\/\/ or https:\/\//);
    });

    it('AWS_REGION must look like a region', () => {
      expect(load({ BROKER: 'sqs', AWS_REGION: 'eu-central-1' }).messaging.sqs.region).toBe('eu-central-1');
      expectRefused({ BROKER: 'sqs', AWS_REGION: 'Frankfurt' }, 'AWS_REGION');
    });

    it('AWS keys come in pairs', () => {
      expectRefused({ BROKER: 'sqs', AWS_ACCESS_KEY_ID: 'AKIA0000' }, 'AWS_SECRET_ACCESS_KEY', /set together/);
    });

    it('AWS_* are read only when SQS is the broker', () => {
      expect(() => load({ BROKER: 'kafka', AWS_ENDPOINT_URL: 'nonsense' })).not.toThrow();
    });
  });

  describe('booleans', () => {
    it.each([
      ['true', true],
      ['FALSE', false],
      ['1', true],
      ['0', false],
      ['yes', true],
      ['off', false],
    ])('SQS_CREATE_TOPOLOGY=%s is %p', (raw, expected) => {
      expect(load({ BROKER: 'sqs', SQS_CREATE_TOPOLOGY: raw }).messaging.sqs.createTopology).toBe(expected);
    });

    it('SQS_CREATE_TOPOLOGY refuses anything else', () => {
      expectRefused({ BROKER: 'sqs', SQS_CREATE_TOPOLOGY: 'maybe' }, 'SQS_CREATE_TOPOLOGY', /true or false/);
    });
  });

  describe('NODE_ENV=production refuses development defaults', () => {
    // Production also requires ADMIN_TOKEN (http-api.config.spec.ts); it is given here so only the broker rules speak.
    const production = { NODE_ENV: 'production', ADMIN_TOKEN: 'an-admin-token-of-32-characters-x' };

    it.each([
      ['unset (amqplib would use guest:guest)', {}],
      ['guest:guest', { RABBITMQ_URL: 'amqp://guest:guest@mq:5672' }],
      ['guest with another password', { RABBITMQ_URL: 'amqps://guest:other@mq:5671' }],
      ['no credentials', { RABBITMQ_URL: 'amqps://mq:5671' }],
    ])('RABBITMQ_URL %s', (_, env) => {
      expectRefused({ ...production, BROKER: 'rabbitmq', ...env }, 'RABBITMQ_URL', /guest.*set RABBITMQ_URL/);
    });

    it('RABBITMQ_URL with the documented local password of its user', () => {
      expectRefused(
        { ...production, BROKER: 'rabbitmq', RABBITMQ_URL: 'amqp://order-service:order-service-local@mq:5672' },
        'RABBITMQ_URL',
        /documented local password of order-service/,
      );
    });

    it('accepts a RabbitMQ user of its own', () => {
      const config = load({ ...production, BROKER: 'rabbitmq', RABBITMQ_URL: 'amqps://orders:s3cret@mq:5671' });
      expect(config.production).toBe(true);
    });

    it('checks only the broker in use', () => {
      expect(() => load({ ...production, BROKER: 'kafka' })).not.toThrow();
    });

    it('refuses the SQS emulator, unset or named', () => {
      expectRefused({ ...production, BROKER: 'sqs' }, 'AWS_ENDPOINT_URL', /unset, which means the local emulator/);
      expectRefused(
        { ...production, BROKER: 'sqs', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566/' },
        'AWS_ENDPOINT_URL',
        /set AWS_ENDPOINT_URL= \(empty\) for AWS itself/,
      );
    });

    it("refuses the emulator's test/test keys", () => {
      expectRefused(
        {
          ...production,
          BROKER: 'sqs',
          AWS_ENDPOINT_URL: '',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
        'AWS_ACCESS_KEY_ID',
        /test\/test/,
      );
    });

    it('never fills in dummy keys, even for an endpoint override', () => {
      const config = load({ ...production, BROKER: 'sqs', AWS_ENDPOINT_URL: 'https://sqs.internal' });
      expect(config.messaging.sqs.credentials).toBeUndefined();
      expect(load({ ...production, BROKER: 'sqs', AWS_ENDPOINT_URL: '' }).messaging.sqs.endpoint).toBeUndefined();
    });

    it('is recognised in any case', () => {
      expectRefused({ NODE_ENV: 'Production', BROKER: 'rabbitmq' }, 'RABBITMQ_URL');
      expect(() => load({ NODE_ENV: 'development', BROKER: 'rabbitmq' })).not.toThrow();
    });
  });

  it.each(['kafka', 'rabbitmq', 'sqs'])('lists every variable it reads with BROKER=%s', (broker) => {
    const read = new Set<string>();
    const watched = new Proxy<Record<string, string>>(
      { BROKER: broker },
      {
        get: (target, name) => {
          if (typeof name === 'string') read.add(name);
          return target[name as string];
        },
      },
    );
    load(watched);
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((name) => !(SERVICE_ENVIRONMENT_VARIABLES as readonly string[]).includes(name))).toEqual(
      [],
    );
  });
});
