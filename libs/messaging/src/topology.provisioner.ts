import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { BrokerTransport } from './broker-transport.js';
import type { MessagingConfig } from './messaging.config.js';
import { BROKER_TRANSPORT, MESSAGING_CONFIG } from './messaging.tokens.js';

/** Creates topics, queues and dead-letter destinations before the first message flows. */
@Injectable()
export class TopologyProvisioner implements OnModuleInit {
  private readonly logger = new Logger('Messaging');

  constructor(
    @Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.transport.provisionTopology();
    this.logger.log(`${this.config.broker}: topology ready for ${this.config.serviceName}`);
  }
}
