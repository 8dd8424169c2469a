import { encodeEnvelope, type EventEnvelope } from '#events';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, type Message } from '@aws-sdk/client-sqs';
import type {
  ClientProvider,
  Deserializer,
  IncomingEvent,
  MicroserviceOptions,
  ReadPacket,
  Serializer,
} from '@nestjs/microservices';
import type { BrokerTransport, Delivery, EventTraffic } from '../broker-transport.js';
import type { IntakePolicy } from '../event-intake.js';
import type { MessagingConfig } from '../messaging.config.js';
import { UnprocessableMessagesController } from '../unprocessable-messages.controller.js';
import { routeByEventType } from '../route-by-event-type.js';
import { createAwsClients, destroyAwsClients, type AwsClients } from './sqs/aws-clients.js';
import { cloudEventHeaders, toMessageAttributes } from './sqs/sqs-message-attributes.js';
import { SqsClient, type SnsPublication, type SqsClientOptions } from './sqs/sqs.client.js';
import type { SqsContext } from './sqs/sqs.context.js';
import { SqsServer } from './sqs/sqs.server.js';
import { SqsTopology, type ServiceTopology } from './sqs/sqs.topology.js';

export { deadLetterQueueName as sqsDeadLetterQueue, topicName as snsTopicName } from './sqs/sqs.topology.js';

/** Envelope -> SNS message: the body is the CloudEvent itself; its attributes also travel as message attributes. */
class SnsCloudEventSerializer implements Serializer<ReadPacket<EventEnvelope>, SnsPublication> {
  serialize(packet: ReadPacket<EventEnvelope>): SnsPublication {
    const envelope = packet.data;
    return {
      Message: encodeEnvelope(envelope).toString(),
      MessageAttributes: toMessageAttributes(cloudEventHeaders(envelope)),
    };
  }
}

/**
 * SQS message body -> envelope, routed by its CloudEvent type (see routeByEventType). SqsServer hands
 * it the message as received, so the body's size is checked before it is parsed.
 */
class SqsCloudEventDeserializer implements Deserializer<Message, IncomingEvent> {
  constructor(
    private readonly consumedTypes: ReadonlySet<string>,
    private readonly policy: IntakePolicy,
  ) {}

  deserialize(message: Message): IncomingEvent {
    return routeByEventType(message.Body ?? '', this.consumedTypes, this.policy);
  }
}

/**
 * Amazon SNS/SQS through a custom Nest transport strategy (SqsServer) and ClientProxy (SqsClient):
 * one SNS topic per event type, one SQS queue per consuming service subscribed to its types' topics
 * with raw message delivery, and `<service>-dlq` as that queue's dead-letter queue.
 */
export class SqsTransport implements BrokerTransport {
  readonly extraControllers = [UnprocessableMessagesController];
  private readonly clients: AwsClients;
  private readonly topology: SqsTopology;
  private readonly service: ServiceTopology;
  private server: SqsServer | null = null;

  constructor(
    private readonly config: MessagingConfig,
    traffic: EventTraffic,
  ) {
    this.clients = createAwsClients(config.sqs);
    this.topology = new SqsTopology(this.clients, config.sqs);
    this.service = {
      service: config.serviceName,
      consumes: traffic.consumes,
      publishes: traffic.publishes,
      // The safety net for a message that kills the process each time it is handled: SQS parks it itself.
      maxReceiveCount: config.maxDeliveryAttempts,
    };
  }

  serverOptions(): MicroserviceOptions {
    this.server ??= new SqsServer({
      clients: this.clients,
      topology: this.topology,
      service: this.service,
      prefetch: this.config.prefetch,
      deserializer: new SqsCloudEventDeserializer(new Set(this.service.consumes), this.config),
    });
    return { strategy: this.server };
  }

  clientOptions(): ClientProvider {
    const options: SqsClientOptions = {
      clients: this.clients,
      topology: this.topology,
      serializer: new SnsCloudEventSerializer(),
    };
    return { customClass: SqsClient, options };
  }

  provisionTopology(): Promise<void> {
    return this.topology.provision(this.service);
  }

  async checkConnectivity(): Promise<void> {
    // Asked afresh each time (no cache): the answer must come from SQS or SNS right now.
    if (this.service.consumes.length > 0) {
      await this.clients.sqs.send(new GetQueueUrlCommand({ QueueName: this.service.service }));
    } else {
      await this.clients.sns.send(new ListTopicsCommand({}));
    }
  }

  async close(): Promise<void> {
    destroyAwsClients(this.clients);
  }

  async stopConsuming(): Promise<void> {
    this.server?.stopPolling();
  }

  deliveryFor(transportContext: unknown): Delivery {
    return (transportContext as SqsContext).getDelivery();
  }
}
