import type { ConsumingService } from '#events';

/** What one run created on the broker, so that it can delete exactly that. */
export interface RunFootprint {
  /** Appears in every name the run made up (types, services), and in nothing else. */
  marker: string;
  types: string[];
  services: string[];
}

/** The little that tests ask a broker directly, besides what goes through libs/messaging. */
export interface BrokerAdmin {
  /** True once exactly `count` instances of the service are consuming (group member / queue consumer). */
  consumersActive(serviceName: string, count: number): Promise<boolean>;
  /**
   * True when the service has consumed everything on its subscriptions: the Kafka group's committed
   * offsets reach each partition's end, or its RabbitMQ or SQS queue holds no ready or unacknowledged message.
   */
  caughtUp(service: ConsumingService): Promise<boolean>;
  /** Deletes the run's topics, queues, subscriptions and consumer groups; what others made stays. */
  deleteRun(footprint: RunFootprint): Promise<void>;
}
