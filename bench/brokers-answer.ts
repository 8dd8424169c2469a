import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import type { MessagingConfig } from '#messaging';
import { createAwsClients, destroyAwsClients } from './aws-clients.js';
import type { BenchBroker } from './bench-result.js';
import { benchMessagingConfig } from './layer-context.js';

const CHECK_TIMEOUT_MS = 10_000;

/**
 * Resolves when the broker answers where the services would reach it; rejects with what to do
 * otherwise. The bench starts nothing itself.
 */
export async function checkBrokerAnswers(broker: BenchBroker): Promise<void> {
  const config = benchMessagingConfig(broker, 'bench-check');
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ask(config),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    throw new Error(`${broker} does not answer (${(error as Error).message}): run \`npm run brokers:up\` first`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function ask(config: MessagingConfig): Promise<void> {
  switch (config.broker) {
    case 'kafka': {
      const admin = new Kafka({
        clientId: 'bench-check',
        brokers: config.kafkaBrokers,
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        await admin.describeCluster();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      return;
    }
    case 'rabbitmq': {
      const connection = await amqp.connect(config.rabbitmqUrl, { timeout: CHECK_TIMEOUT_MS });
      await connection.close();
      return;
    }
    case 'sqs': {
      const clients = createAwsClients(config.sqs);
      try {
        await clients.sqs.send(new ListQueuesCommand({ MaxResults: 1 }));
      } finally {
        destroyAwsClients(clients);
      }
      return;
    }
  }
}
