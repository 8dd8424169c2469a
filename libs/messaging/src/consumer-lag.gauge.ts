import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import type { BrokerTransport } from './broker-transport.js';
import { BROKER_TRANSPORT } from './messaging.tokens.js';

export const CONSUMER_LAG = 'messaging_consumer_lag';

/** A scrape must not hang on a broker that does not answer. */
const ASK_TIMEOUT_MS = 2_000;

/**
 * How many messages the broker holds for this service that it has not taken yet, asked at each scrape;
 * NaN while the broker does not answer. Registered in prom-client's default registry from start to
 * close of the application.
 */
@Injectable()
export class ConsumerLagGauge implements OnModuleInit, OnModuleDestroy {
  private gauge: Gauge | null = null;

  constructor(@Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport) {}

  onModuleInit(): void {
    const ask = () => this.askBroker();
    this.gauge = new Gauge({
      name: CONSUMER_LAG,
      help: 'Messages waiting at the broker for this service (Kafka: past its committed offsets; RabbitMQ, SQS: ready in its queue)',
      registers: [],
      async collect() {
        this.set(await ask());
      },
    });
    register.removeSingleMetric(CONSUMER_LAG);
    register.registerMetric(this.gauge);
  }

  onModuleDestroy(): void {
    if (register.getSingleMetric(CONSUMER_LAG) === this.gauge) register.removeSingleMetric(CONSUMER_LAG);
  }

  private async askBroker(): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Number.NaN), ASK_TIMEOUT_MS)));
    try {
      return await Promise.race([this.transport.waitingMessages().catch(() => Number.NaN), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
