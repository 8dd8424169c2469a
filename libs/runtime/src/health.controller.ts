import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { BrokerHealthIndicator } from '#messaging';
import { DatabaseHealthIndicator } from '#persistence';
import { GracefulShutdown } from './graceful-shutdown.js';

/** Liveness: the process answers. Readiness: its broker and database answer, and it is not stopping. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly broker: BrokerHealthIndicator,
    private readonly database: DatabaseHealthIndicator,
    private readonly shutdown: GracefulShutdown,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.shutdown.check(), () => this.broker.check(), () => this.database.check()]);
  }
}
