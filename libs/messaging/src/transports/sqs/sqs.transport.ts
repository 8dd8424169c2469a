import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { ClientProvider, MicroserviceOptions } from '@nestjs/microservices';
import type { BrokerTransport, Delivery, EventTraffic } from '../../broker-transport.js';
import type { MessagingConfig } from '../../messaging.config.js';
import { UnprocessableMessagesController } from '../../unprocessable-messages.controller.js';
import { createAwsClients, destroyAwsClients, type AwsClients } from './sqs.aws-clients.js';
import { SnsCloudEventSerializer, SqsCloudEventDeserializer } from './sqs.codec.js';
import { SqsClient, type SqsClientOptions } from './sqs.client.js';
import type { SqsContext } from './sqs.context.js';
import { serviceQueueName } from './sqs.names.js';
import { SqsServer } from './sqs.server.js';
import { SqsTopology, type ServiceTopology } from './sqs.topology.js';

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
      visibilityTimeoutSeconds: this.config.sqs.visibilityTimeoutSeconds,
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
      await this.clients.sqs.send(new GetQueueUrlCommand({ QueueName: serviceQueueName(this.service.service) }));
    } else {
      await this.clients.sns.send(new ListTopicsCommand({}));
    }
  }

  async waitingMessages(): Promise<number> {
    if (this.service.consumes.length === 0) return 0;
    const { QueueUrl } = await this.clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: serviceQueueName(this.service.service) }),
    );
    const { Attributes } = await this.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
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
