import { CachedProbe } from '#health';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { BrokerTransport } from './broker-transport.js';
import { BROKER_TRANSPORT } from './messaging.tokens.js';

/** The only reason readiness gives: the cause (with host names and users) goes to the log. */
export const BROKER_UNREACHABLE = 'broker unreachable';

/**
 * Readiness, and the outbox relay's "is it the broker or the event?": the configured broker answers
 * the transport's own long-lived client, asked at most once a second.
 */
@Injectable()
export class BrokerHealthIndicator implements OnApplicationShutdown {
  private readonly probe: CachedProbe;

  constructor(
    @Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport,
    private readonly health: HealthIndicatorService,
  ) {
    this.probe = new CachedProbe(() => this.transport.checkConnectivity(), {
      subject: 'broker',
      logger: new Logger('BrokerHealth'),
    });
  }

  reachable(): Promise<boolean> {
    return this.probe.reachable();
  }

  async check(key = 'broker') {
    const indicator = this.health.check(key);
    return (await this.probe.reachable()) ? indicator.up() : indicator.down({ message: BROKER_UNREACHABLE });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
