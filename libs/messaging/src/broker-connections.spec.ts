import { ConfigurationError } from '#config';
import { loadBrokerConnections, loadMessagingConfig, type BrokerName } from './messaging.config.js';

/** What a service using `broker` would connect with, from the same environment. */
const asService = (broker: BrokerName, env: Record<string, string>) => {
  const { kafkaBrokers, rabbitmqUrl, sqs } = loadMessagingConfig('order-service', { ...env, BROKER: broker });
  return { kafka: kafkaBrokers, rabbitmq: rabbitmqUrl, sqs }[broker];
};

const asTestSupport = (broker: BrokerName, env: Record<string, string>) => {
  const { kafkaBrokers, rabbitmqUrl, sqs } = loadBrokerConnections(env);
  return { kafka: kafkaBrokers, rabbitmq: rabbitmqUrl, sqs }[broker];
};

describe('loadBrokerConnections: test support connects where the services do', () => {
  const environments: Record<string, Record<string, string>> = {
    'nothing set': {},
    // An empty value is unset for the services (not an empty host list, not an AWS endpoint of "").
    'empty values': { KAFKA_BROKERS: '', RABBITMQ_URL: ' ', AWS_REGION: '' },
    'AWS itself (AWS_ENDPOINT_URL empty)': { AWS_ENDPOINT_URL: '' },
    'everything set': {
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9093',
      RABBITMQ_URL: 'amqp://order-service:secret@rabbit:5672',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://sqs.local:9324',
      AWS_ACCESS_KEY_ID: 'key',
      AWS_SECRET_ACCESS_KEY: 'secret',
      SQS_CREATE_TOPOLOGY: 'false',
    },
  };

  describe.each(Object.entries(environments))('%s', (_, env) => {
    it.each(['kafka', 'rabbitmq', 'sqs'] as const)('%s', (broker) => {
      expect(asTestSupport(broker, env)).toEqual(asService(broker, env));
    });
  });

  it('refuses what a service would refuse, with the same message', () => {
    const env = { KAFKA_BROKERS: 'kafka-1' };
    const refusal = (load: () => unknown) => {
      try {
        load();
      } catch (error) {
        return error;
      }
      throw new Error('accepted');
    };
    const service = refusal(() => loadMessagingConfig('order-service', { ...env, BROKER: 'kafka' }));
    expect(service).toBeInstanceOf(ConfigurationError);
    expect(refusal(() => loadBrokerConnections(env))).toEqual(service);
  });
});
