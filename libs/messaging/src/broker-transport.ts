import type { ClientProvider, MicroserviceOptions } from '@nestjs/microservices';
import type { DeliveryFailure } from './delivery-failure.js';

/** What the service declares about its traffic, so topology can be created before it flows. */
export interface EventTraffic {
  consumes: string[];
  publishes: string[];
}

/** Settles one received message with the broker once its handler is done. */
export interface Delivery {
  /** The handler succeeded: the broker may forget the message. */
  acknowledge(): void;
  /** No attempt can succeed: park the message with why, then acknowledge it. */
  deadLetter(failure: DeliveryFailure): Promise<void>;
  /** Give the message back undone (shutting down): it is redelivered, here or to another instance. */
  release(): void;
  /** Tell the broker this consumer is alive while a handler takes long (Kafka's session). */
  heartbeat(): Promise<void>;
}

/**
 * One broker behind Nest's own transport strategies: the same answers for every broker,
 * so nothing outside this folder ever branches on which broker runs.
 */
export interface BrokerTransport {
  /** Options for the Nest microservice that consumes this service's events. */
  serverOptions(): MicroserviceOptions;
  /** Options for the Nest ClientProxy that publishes this service's events. */
  clientOptions(): ClientProvider;
  /** Creates (idempotently) the topics, queues and dead-letter destinations. */
  provisionTopology(): Promise<void>;
  /** Settlement for the message a handler received, from Nest's transport context. */
  deliveryFor(transportContext: unknown): Delivery;
  /** Stops taking new messages (shutdown); messages already being handled still finish. */
  stopConsuming(): Promise<void>;
  /** Resolves when the broker answers a client, rejects otherwise (readiness). */
  checkConnectivity(): Promise<void>;
  /**
   * Messages the broker holds for this service that it has not taken yet (its consumer lag): Kafka's
   * records past the group's committed offsets, RabbitMQ's ready messages in the service's queue,
   * SQS's visible messages in it. 0 for a service that consumes nothing.
   */
  waitingMessages(): Promise<number>;
  /** Releases what the transport itself holds open. */
  close(): Promise<void>;
  /** Controllers the transport needs besides the service's own (e.g. a poison sink). */
  readonly extraControllers: Array<new (...args: never[]) => unknown>;
}
