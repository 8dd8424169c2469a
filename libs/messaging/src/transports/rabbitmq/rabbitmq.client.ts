import { Transport, type ClientProvider } from '@nestjs/microservices';
import { RabbitmqCloudEventSerializer } from './rabbitmq.codec.js';
import { EVENTS_EXCHANGE, EXCHANGE_ARGUMENTS } from './rabbitmq.names.js';

/**
 * Nest's own RabbitMQ client (ClientRMQ), publishing to the events exchange with the event type as
 * routing key. amqp-connection-manager publishes on a confirm channel: emit resolves once the broker
 * confirmed, and with `persistent` the message is written to disk.
 */
export function rabbitmqClientOptions(urls: string[], socketOptions: object): ClientProvider {
  return {
    transport: Transport.RMQ,
    options: {
      urls,
      exchange: EVENTS_EXCHANGE,
      exchangeType: 'topic',
      exchangeArguments: EXCHANGE_ARGUMENTS,
      wildcards: true,
      persistent: true,
      socketOptions,
      serializer: new RabbitmqCloudEventSerializer(),
    },
  };
}
