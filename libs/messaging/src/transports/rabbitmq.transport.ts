import { CLOUDEVENTS_CONTENT_TYPE, type EventEnvelope } from '#events';
import {
  RmqContext,
  Transport,
  type ClientProvider,
  type Deserializer,
  type IncomingEvent,
  type MicroserviceOptions,
  type ReadPacket,
  type Serializer,
} from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type Message } from 'amqplib';
import type { BrokerTransport, Delivery, EventTraffic } from '../broker-transport.js';
import type { IntakePolicy } from '../event-intake.js';
import type { MessagingConfig } from '../messaging.config.js';
import { UnprocessableMessagesController } from '../unprocessable-messages.controller.js';
import { routeByEventType } from '../route-by-event-type.js';
import { deadLetterHeaders } from './dead-letter-headers.js';
import { RawBodyServerRMQ } from './rabbitmq.server.js';

export const EVENTS_EXCHANGE = 'events';
/** Events that matched no queue are kept here instead of being dropped by the exchange. */
export const UNROUTED_EXCHANGE = 'events.unrouted';
export const deadLetterQueue = (service: string) => `${service}.dlq`;

/** Every declarer of the exchange must pass the same arguments, or RabbitMQ refuses the second. */
const EXCHANGE_ARGUMENTS = { 'alternate-exchange': UNROUTED_EXCHANGE };

/** Rejected messages (e.g. a type nobody handles) fall through to the service's dead-letter queue. */
const queueArguments = (service: string) => ({
  'x-dead-letter-exchange': '',
  'x-dead-letter-routing-key': deadLetterQueue(service),
});

/** Envelope -> AMQP message: the body is the CloudEvent itself; Nest JSON-encodes it. */
class RabbitmqCloudEventSerializer implements Serializer<ReadPacket<EventEnvelope>> {
  serialize(packet: ReadPacket<EventEnvelope>) {
    const envelope = packet.data;
    return {
      ...envelope,
      options: {
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        messageId: envelope.id,
        type: envelope.type,
        persistent: true,
      },
    };
  }
}

/** AMQP body, as the bytes delivered (RawBodyServerRMQ) -> envelope, routed by its CloudEvent type (see routeByEventType). */
class RabbitmqCloudEventDeserializer implements Deserializer<Buffer, IncomingEvent> {
  constructor(
    private readonly consumedTypes: ReadonlySet<string>,
    private readonly policy: IntakePolicy,
  ) {}

  deserialize(body: Buffer): IncomingEvent {
    return routeByEventType(body, this.consumedTypes, this.policy);
  }
}

interface ReadinessChannel {
  connection: ChannelModel;
  channel: Channel;
  closed: boolean;
}

export class RabbitmqTransport implements BrokerTransport {
  readonly extraControllers = [UnprocessableMessagesController];

  /** Names this process's consumer, so that stopConsuming() can cancel exactly it. */
  private readonly consumerTag = `${this.config.serviceName}-${process.pid}-${randomUUID()}`;
  /** The channel Nest consumes on, seen on the first message: where stopConsuming() cancels. */
  private channel: ConfirmChannel | null = null;
  private readonly consumedTypes: ReadonlySet<string>;
  /** One connection for readiness, opened on the first check and kept: a check is a round trip on it. */
  private probe: Promise<ReadinessChannel> | null = null;

  constructor(
    private readonly config: MessagingConfig,
    private readonly traffic: EventTraffic,
  ) {
    this.consumedTypes = new Set(traffic.consumes);
  }

  private get socketOptions() {
    return { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 };
  }

  serverOptions(): MicroserviceOptions {
    // Nest's RMQ transport, as a custom strategy only so that the body reaches the deserializer unparsed.
    return {
      strategy: new RawBodyServerRMQ({
        urls: [this.config.rabbitmqUrl],
        queue: this.config.serviceName,
        queueOptions: { durable: true, arguments: queueArguments(this.config.serviceName) },
        exchange: EVENTS_EXCHANGE,
        exchangeType: 'topic',
        exchangeArguments: EXCHANGE_ARGUMENTS,
        // Nest binds one routing key per handled event type.
        wildcards: true,
        // Manual acknowledgement: the delivery interceptor acks after the handler succeeded.
        noAck: false,
        prefetchCount: this.config.prefetch,
        consumerTag: this.consumerTag,
        socketOptions: this.socketOptions,
        deserializer: new RabbitmqCloudEventDeserializer(this.consumedTypes, this.config),
      }),
    };
  }

  clientOptions(): ClientProvider {
    return {
      transport: Transport.RMQ,
      options: {
        urls: [this.config.rabbitmqUrl],
        exchange: EVENTS_EXCHANGE,
        exchangeType: 'topic',
        exchangeArguments: EXCHANGE_ARGUMENTS,
        wildcards: true,
        // amqp-connection-manager publishes on a confirm channel: emit resolves once the broker confirmed.
        persistent: true,
        socketOptions: this.socketOptions,
        serializer: new RabbitmqCloudEventSerializer(),
      },
    };
  }

  async provisionTopology(): Promise<void> {
    const { consumes } = this.traffic;
    const connection = await amqp.connect(this.config.rabbitmqUrl);
    try {
      const channel = await connection.createChannel();
      const service = this.config.serviceName;
      await channel.assertExchange(UNROUTED_EXCHANGE, 'fanout', { durable: true });
      await channel.assertQueue(UNROUTED_EXCHANGE, { durable: true });
      await channel.bindQueue(UNROUTED_EXCHANGE, UNROUTED_EXCHANGE, '');
      await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true, arguments: EXCHANGE_ARGUMENTS });
      await channel.assertQueue(deadLetterQueue(service), { durable: true });
      if (consumes.length > 0) {
        // Declared and bound here too, so events published before the consumer first starts are kept.
        await channel.assertQueue(service, { durable: true, arguments: queueArguments(service) });
        for (const type of consumes) await channel.bindQueue(service, EVENTS_EXCHANGE, type);
      }
      await channel.close();
    } finally {
      await connection.close();
    }
  }

  async checkConnectivity(): Promise<void> {
    let probe = await this.readinessChannel();
    // Closed since the last check (e.g. the broker restarted): open a new one right away.
    if (probe.closed) {
      this.probe = null;
      probe = await this.readinessChannel();
    }
    try {
      await probe.channel.checkExchange(EVENTS_EXCHANGE);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  private async readinessChannel(): Promise<ReadinessChannel> {
    const opening = (this.probe ??= this.openProbe());
    try {
      return await opening;
    } catch (error) {
      if (this.probe === opening) this.probe = null;
      throw error;
    }
  }

  private async openProbe(): Promise<ReadinessChannel> {
    const connection = await amqp.connect(this.config.rabbitmqUrl, {
      timeout: 2_000,
      clientProperties: { connection_name: `${this.config.serviceName} readiness` },
    });
    try {
      const probe: ReadinessChannel = { connection, channel: await connection.createChannel(), closed: false };
      // A lost connection is seen by the next check; unheard 'error' events would crash the process.
      for (const emitter of [connection, probe.channel]) {
        emitter.on('error', () => undefined);
        emitter.on('close', () => (probe.closed = true));
      }
      return probe;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const probe = this.probe;
    this.probe = null;
    await probe?.then(({ connection }) => connection.close()).catch(() => undefined);
  }

  async stopConsuming(): Promise<void> {
    // Unacknowledged messages stay with this channel until their handlers finish and ack them.
    await this.channel?.cancel(this.consumerTag).catch(() => undefined);
  }

  deliveryFor(transportContext: unknown): Delivery {
    const context = transportContext as RmqContext;
    const channel = context.getChannelRef() as ConfirmChannel;
    this.channel = channel;
    const message = context.getMessage() as Message;
    const service = this.config.serviceName;
    return {
      acknowledge: () => channel.ack(message),
      release: () => channel.nack(message, false, true),
      heartbeat: async () => undefined,
      deadLetter: async (failure) => {
        await new Promise<void>((resolve, reject) =>
          channel.publish(
            '',
            deadLetterQueue(service),
            message.content,
            {
              persistent: true,
              contentType: message.properties.contentType ?? CLOUDEVENTS_CONTENT_TYPE,
              messageId: message.properties.messageId,
              headers: {
                ...message.properties.headers,
                ...deadLetterHeaders(failure, { destination: message.fields.routingKey, consumer: service }),
              },
            },
            (error) => (error ? reject(error) : resolve()),
          ),
        );
        channel.ack(message);
      },
    };
  }
}
