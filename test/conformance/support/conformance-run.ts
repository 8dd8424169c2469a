import { randomBytes } from 'node:crypto';
import type { ConformanceBroker } from '../capabilities.js';
import type { BrokerAdmin } from '#testing';
import { startConsumer, type ConsumerOptions, type RunningConsumer } from './conformance-app.js';
import { CrashableConsumer, type CrashableConsumerOptions } from './crashable-consumer.js';

/** One name per scenario: each gets its own event type (topic, routing key) and its own services. */
export const SCENARIOS = [
  'pubsub',
  'order',
  'compete',
  'fanout',
  'retry',
  'crash',
  'dlq',
  'reconnect',
  'close',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Unique per run (brokers keep their state between runs): base-36 time plus randomness, lower case. */
export function newRunMarker(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Names, consumers and processes of one broker's run of the suite: everything it starts is stopped
 * after each scenario, and everything it created on the broker is deleted at the end.
 */
export class ConformanceRun {
  private readonly services = new Set<string>();
  private consumers: RunningConsumer[] = [];
  private processes: CrashableConsumer[] = [];

  constructor(
    readonly broker: ConformanceBroker,
    readonly marker: string,
  ) {}

  /** `conformance.<marker>.<scenario>`: a type, Kafka topic and routing key no earlier run used. */
  type(scenario: Scenario): string {
    return `conformance.${this.marker}.${scenario}`;
  }

  get types(): string[] {
    return SCENARIOS.map((scenario) => this.type(scenario));
  }

  /** A service name (Kafka group, RabbitMQ/SQS queue) of this run; `instance` tells apart services of one scenario. */
  service(scenario: Scenario | 'publisher', instance?: string): string {
    const name = ['cf', this.marker, scenario, instance].filter(Boolean).join('-');
    this.services.add(name);
    return name;
  }

  async startConsumer(options: Omit<ConsumerOptions, 'broker'>): Promise<RunningConsumer> {
    const consumer = await startConsumer({ broker: this.broker, ...options });
    this.consumers.push(consumer);
    return consumer;
  }

  async startCrashableConsumer(options: Omit<CrashableConsumerOptions, 'broker'>): Promise<CrashableConsumer> {
    const consumer = await CrashableConsumer.start({ broker: this.broker, ...options });
    this.processes.push(consumer);
    return consumer;
  }

  /** Kills the scenario's processes and closes its consumers, whatever state the scenario left them in. */
  async stopEverything(): Promise<void> {
    const [processes, consumers] = [this.processes, this.consumers];
    [this.processes, this.consumers] = [[], []];
    await Promise.all(processes.map((child) => child.kill()));
    await Promise.allSettled(consumers.map((consumer) => consumer.close()));
  }

  async deleteFromBroker(admin: BrokerAdmin): Promise<void> {
    await admin.deleteRun({ marker: this.marker, types: this.types, services: [...this.services] });
  }
}
