import type { ClientProvider, MicroserviceOptions, RmqContext } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { Channel, ChannelModel, ConfirmChannel, Message } from 'amqplib';
import type { BrokerTransport, Delivery, EventTraffic } from '../../broker-transport.js';
import type { MessagingConfig } from '../../messaging.config.js';
import { UnprocessableMessagesController } from '../../unprocessable-messages.controller.js';
import { RabbitmqCloudEventDeserializer } from './rabbitmq.codec.js';
import { rabbitmqClientOptions } from './rabbitmq.client.js';
import { RabbitmqDelivery } from './rabbitmq.delivery.js';
import { EVENTS_EXCHANGE, EXCHANGE_ARGUMENTS, queueArguments, serviceQueue } from './rabbitmq.names.js';
import { RawBodyServerRMQ } from './rabbitmq.server.js';
import { CONNECT_TIMEOUT_MS, connectToFirst } from './rabbitmq.connect.js';
import { declareTopology } from './rabbitmq.topology.js';

/** How long closing the readiness connection may wait for the broker's answer. */
const CLOSE_TIMEOUT_MS = 2_000;

interface ReadinessChannel {
  connection: ChannelModel;
  channel: Channel;
  closed: boolean;
}

export class RabbitmqTransport implements BrokerTransport {
  readonly extraControllers = [UnprocessableMessagesController];

  /** Names this process's consumer, so that stopConsuming() can cancel exactly it. */
  private readonly consumerTag = `${this.config.serviceName}-${process.pid}-${randomUUID()}`;
  /** The server strategy consuming this service's queue: what stopConsuming() stops. */
  private server: RawBodyServerRMQ | null = null;
  private readonly consumedTypes: ReadonlySet<string>;
  /** One connection for readiness, opened on the first check and kept: a check is a round trip on it. */
  private probe: Promise<ReadinessChannel> | null = null;

  constructor(
    private readonly config: MessagingConfig,
    private readonly traffic: EventTraffic,
  ) {
    this.consumedTypes = new Set(traffic.consumes);
  }

  /**
   * amqp-connection-manager's: a node that stops answering is given up after two missed heartbeats
   * (10-15 s), a connection attempt (its TCP connect and AMQP handshake) after CONNECT_TIMEOUT_MS;
   * either way the next URL is tried a second later.
   */
  private get socketOptions() {
    return {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 1,
      connectionOptions: { timeout: CONNECT_TIMEOUT_MS },
    };
  }

  serverOptions(): MicroserviceOptions {
    // Nest's RMQ transport, as a custom strategy only so that the body reaches the deserializer unparsed.
    this.server ??= new RawBodyServerRMQ({
      urls: this.config.rabbitmqUrls,
      queue: serviceQueue(this.config.serviceName),
      queueOptions: {
        durable: true,
        arguments: queueArguments(this.config.serviceName, this.config.rabbitmqQueueType),
      },
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
    });
    return { strategy: this.server };
  }

  clientOptions(): ClientProvider {
    return rabbitmqClientOptions(this.config.rabbitmqUrls, this.socketOptions);
  }

  async provisionTopology(): Promise<void> {
    const connection = await connectToFirst(this.config.rabbitmqUrls);
    try {
      const channel = await connection.createChannel();
      await declareTopology(channel, this.config.serviceName, this.traffic, this.config.rabbitmqQueueType).catch(
        (error: unknown) => {
          throw explainQueueTypeMismatch(error, this.config.rabbitmqQueueType);
        },
      );
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

  async waitingMessages(): Promise<number> {
    if (this.traffic.consumes.length === 0) return 0;
    const probe = await this.readinessChannel();
    const { messageCount } = await probe.channel.checkQueue(serviceQueue(this.config.serviceName));
    return messageCount;
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
    const connection = await connectToFirst(this.config.rabbitmqUrls, {
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
    // amqplib's close() waits for the broker's answer, which a node that vanished meanwhile never gives.
    await probe
      ?.then(({ connection, closed }) =>
        closed
          ? undefined
          : Promise.race([connection.close(), setTimeout(CLOSE_TIMEOUT_MS, undefined, { ref: false })]),
      )
      .catch(() => undefined);
  }

  async stopConsuming(): Promise<void> {
    await this.server?.stopConsuming(this.consumerTag);
  }

  deliveryFor(transportContext: unknown): Delivery {
    const context = transportContext as RmqContext;
    const channel = context.getChannelRef() as ConfirmChannel;
    if (!this.server) throw new Error('a RabbitMQ delivery without a server: serverOptions() was never called');
    return new RabbitmqDelivery(
      channel,
      context.getMessage() as Message,
      this.config.serviceName,
      this.server.acknowledgementsOf(channel),
    );
  }
}

/** RabbitMQ never changes a queue's type: say what to do instead of its bare PRECONDITION_FAILED. */
function explainQueueTypeMismatch(error: unknown, queueType: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!/PRECONDITION_FAILED.*x-queue-type/.test(message)) return error;
  return new Error(
    `${message}: the queue exists with another type than RABBITMQ_QUEUE_TYPE=${queueType}, and RabbitMQ cannot ` +
      'change it. Drain and delete the queue (its dead letters first), or use a new virtual host.',
    { cause: error },
  );
}
