import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { BrokerTransport, EventTraffic } from './broker-transport.js';
import type { MessagingConfig } from './messaging.config.js';
import { BROKER_TRANSPORT, MESSAGING_CONFIG } from './messaging.tokens.js';

export const EVENT_TRAFFIC = Symbol('EVENT_TRAFFIC');

/** Creates topics, queues and dead-letter destinations before the first message flows. */
@Injectable()
export class TopologyProvisioner implements OnModuleInit {
  private readonly logger = new Logger('Messaging');

  constructor(
    @Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    @Inject(EVENT_TRAFFIC) private readonly traffic: EventTraffic,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.transport.provisionTopology(this.traffic);
    this.logger.log(
      `${this.config.broker}: consumes [${this.traffic.consumes.join(', ')}], publishes [${this.traffic.publishes.join(', ')}]`,
    );
  }
}
