import { Module, type DynamicModule } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { TerminusModule } from '@nestjs/terminus';
import { BrokerHealthIndicator } from './broker.health.js';
import { ConsumerLagGauge } from './consumer-lag.gauge.js';
import type { BrokerTransport, EventTraffic } from './broker-transport.js';
import { EventDeliveryInterceptor } from './event-delivery.interceptor.js';
import { EventPublisher } from './event-publisher.js';
import { InFlightDeliveries } from './in-flight-deliveries.js';
import type { MessagingConfig } from './messaging.config.js';
import { MessagingMetrics } from './messaging.metrics.js';
import { BROKER_TRANSPORT, EVENT_CLIENT, EVENT_TRAFFIC, MESSAGING_CONFIG } from './messaging.tokens.js';
import { TopologyProvisioner } from './topology.provisioner.js';
import { createBrokerTransport } from './transports/broker-registry.js';

/**
 * The broker behind one setting: publishing (EventPublisher), the failure policy for handlers,
 * and the topology. The consuming side is Nest's microservice, built from `transport.serverOptions()`.
 */
@Module({})
export class MessagingModule {
  static forRoot(config: MessagingConfig, traffic: EventTraffic): DynamicModule {
    const transport: BrokerTransport = createBrokerTransport(config, traffic);
    return {
      module: MessagingModule,
      global: true,
      imports: [TerminusModule],
      controllers: transport.extraControllers,
      providers: [
        { provide: MESSAGING_CONFIG, useValue: config },
        { provide: BROKER_TRANSPORT, useValue: transport },
        { provide: EVENT_TRAFFIC, useValue: traffic },
        { provide: EVENT_CLIENT, useFactory: () => ClientProxyFactory.create(transport.clientOptions()) },
        TopologyProvisioner,
        EventPublisher,
        EventDeliveryInterceptor,
        InFlightDeliveries,
        BrokerHealthIndicator,
        MessagingMetrics,
        ConsumerLagGauge,
      ],
      exports: [
        MESSAGING_CONFIG,
        BROKER_TRANSPORT,
        EventPublisher,
        EventDeliveryInterceptor,
        InFlightDeliveries,
        BrokerHealthIndicator,
        MessagingMetrics,
      ],
    };
  }
}
