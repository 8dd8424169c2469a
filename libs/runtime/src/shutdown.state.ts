import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/** Flips readiness to false as soon as shutdown begins, so load balancers stop sending work. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  private stopping = false;

  constructor(private readonly health: HealthIndicatorService) {}

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  check() {
    const indicator = this.health.check('lifecycle');
    return this.stopping ? indicator.down({ message: 'shutting down' }) : indicator.up();
  }
}
