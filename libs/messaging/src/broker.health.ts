import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { BrokerTransport } from './broker-transport.js';
import { BROKER_TRANSPORT } from './messaging.tokens.js';

const CHECK_TIMEOUT_MS = 3_000;

/** Readiness: the configured broker accepts a client right now. */
@Injectable()
export class BrokerHealthIndicator implements OnApplicationShutdown {
  constructor(
    @Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'broker') {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.transport.checkConnectivity(), CHECK_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
