import { BROKER_TRANSPORT, InFlightDeliveries, type BrokerTransport } from '#messaging';
import { OutboxRelay } from '#outbox';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SERVICE_CONFIG, type ServiceConfig } from './service.config.js';

/**
 * The first steps of SIGTERM, before Nest closes the servers and connections:
 * readiness goes false, consuming stops, handlers in flight finish (and ack or commit),
 * then the outbox relay publishes what they wrote. The rest of the budget is Nest's.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private stopping = false;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport,
    private readonly inFlight: InFlightDeliveries,
    private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.stopping = true;
    const started = Date.now();
    const budget = Math.floor(this.config.shutdownTimeoutMs * 0.8);
    await this.transport.stopConsuming();
    const drained = await this.inFlight.drain(Math.floor(budget / 2));
    const drainedAfterMs = Date.now() - started;
    await this.relay.stop(Math.max(100, budget - drainedAfterMs));
    const summary = `${signal ?? 'shutdown'}: consumers stopped, ${drained ? 'all' : 'NOT all'} in-flight messages settled in ${drainedAfterMs} ms, outbox flushed after ${Date.now() - started} ms`;
    // What did not finish in time is worth a warning: the rest of the shutdown has less time left.
    if (drained) this.logger.log(summary);
    else this.logger.warn(summary);
  }

  /** Readiness: down from the moment shutdown begins. */
  check() {
    const indicator = this.health.check('lifecycle');
    return this.stopping ? indicator.down({ message: 'shutting down' }) : indicator.up();
  }
}
