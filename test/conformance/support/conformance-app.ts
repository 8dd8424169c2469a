import 'reflect-metadata';
import type { EventEnvelope } from '#events';
import {
  BROKER_TRANSPORT,
  BrokerHealthIndicator,
  EventPublisher,
  HandleEvent,
  InFlightDeliveries,
  loadMessagingConfig,
  MessagingModule,
  type BrokerTransport,
  type MessagingConfig,
  type ReceivedEvent,
} from '#messaging';
import {
  Controller,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type LogLevel,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Payload } from '@nestjs/microservices';
import type { ConformanceBroker } from '../capabilities.js';
import { ConformancePing } from './conformance-ping.js';

/** What the test handler does with each delivery. */
export type HandlerBehaviour =
  /** Returns (after up to `jitterMs`): the message is acknowledged. */
  | 'succeed'
  /** Throws on the first attempt at each event, returns on the next (the interceptor's retry). */
  | 'fail-first-attempt'
  /** Throws every time: dead-lettered after MESSAGING_MAX_ATTEMPTS. */
  | 'always-fail'
  /** Never returns: the message stays unacknowledged until the process dies. */
  | 'hold';

/** Every delivery one consumer instance saw, as its handler saw it. */
export class DeliveryLog {
  /** Events whose handler returned, in the order they returned (a redelivered event appears again). */
  readonly handled: Array<ReceivedEvent<ConformancePing>> = [];
  private readonly handledIds = new Set<string>();
  private readonly attempts = new Map<string, number>();

  constructor(private readonly onAttempt?: (event: ReceivedEvent<ConformancePing>, attempt: number) => void) {}

  /** Counts one handler invocation for the event; returns which attempt this is. */
  attempt(event: ReceivedEvent<ConformancePing>): number {
    const attempt = (this.attempts.get(event.id) ?? 0) + 1;
    this.attempts.set(event.id, attempt);
    this.onAttempt?.(event, attempt);
    return attempt;
  }

  markHandled(event: ReceivedEvent<ConformancePing>): void {
    this.handled.push(event);
    this.handledIds.add(event.id);
  }

  attemptsAt(id: string): number {
    return this.attempts.get(id) ?? 0;
  }

  get ids(): ReadonlySet<string> {
    return this.handledIds;
  }
}

/** The test service's thin adapter: one @HandleEvent handler for this run's type, as a service would write it. */
function consumerControllerFor(type: string, log: DeliveryLog, behaviour: HandlerBehaviour, jitterMs: number) {
  @Controller()
  class ConformanceEventsController {
    @HandleEvent(type, ConformancePing)
    async handle(@Payload() event: ReceivedEvent<ConformancePing>): Promise<void> {
      const attempt = log.attempt(event);
      if (behaviour === 'always-fail' || (behaviour === 'fail-first-attempt' && attempt === 1)) {
        throw new Error(`conformance: attempt ${attempt} at ${event.id} fails on purpose`);
      }
      if (behaviour === 'hold') return new Promise<void>(() => undefined);
      if (jitterMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * jitterMs));
      log.markHandled(event);
    }
  }
  return ConformanceEventsController;
}

const DRAIN_TIMEOUT_MS = 5_000;

/** The messaging part of libs/runtime's GracefulShutdown: stop taking messages, let in-flight ones settle. */
@Injectable()
class DrainOnShutdown implements BeforeApplicationShutdown {
  constructor(
    @Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport,
    @Inject(InFlightDeliveries) private readonly inFlight: InFlightDeliveries,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.stopConsuming();
    await this.inFlight.drain(DRAIN_TIMEOUT_MS);
  }
}

@Module({})
class ConformanceConsumerModule {
  static register(config: MessagingConfig, type: string, controller: new () => unknown): DynamicModule {
    return {
      module: ConformanceConsumerModule,
      imports: [MessagingModule.forRoot(config, { consumes: [type], publishes: [] })],
      controllers: [controller],
      providers: [DrainOnShutdown],
    };
  }
}

@Module({})
class ConformancePublisherModule {
  static register(config: MessagingConfig, types: string[]): DynamicModule {
    return {
      module: ConformancePublisherModule,
      imports: [MessagingModule.forRoot(config, { consumes: [], publishes: types })],
    };
  }
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Quiet by default (broker restarts are loud by design); CONFORMANCE_LOG_LEVEL=warn shows what the apps say. */
function logger(): LogLevel[] {
  const level = (process.env.CONFORMANCE_LOG_LEVEL ?? 'fatal') as LogLevel;
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** The messaging settings a service on this broker would read, with the test's overrides. */
export function conformanceConfig(
  broker: ConformanceBroker,
  serviceName: string,
  env: Record<string, string> = {},
): MessagingConfig {
  return loadMessagingConfig(serviceName, { ...process.env, BROKER: broker, ...env });
}

export interface ConsumerOptions {
  broker: ConformanceBroker;
  serviceName: string;
  type: string;
  behaviour?: HandlerBehaviour;
  /** Upper bound of a random delay in each successful handler, so concurrent handling can reorder. */
  jitterMs?: number;
  /** Environment overrides, e.g. MESSAGING_MAX_ATTEMPTS. */
  env?: Record<string, string>;
  onAttempt?: (event: ReceivedEvent<ConformancePing>, attempt: number) => void;
}

export interface RunningConsumer {
  readonly serviceName: string;
  readonly config: MessagingConfig;
  readonly log: DeliveryLog;
  /** Graceful: stop consuming, let in-flight handlers settle, close the connections (Nest's app.close()). */
  close(): Promise<void>;
}

/**
 * A minimal service that consumes `type` the way every service here does: MessagingModule.forRoot for
 * its traffic, a @HandleEvent controller, and Nest's microservice from `transport.serverOptions()`.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { broker, serviceName, type, behaviour = 'succeed', jitterMs = 0, env } = options;
  const config = conformanceConfig(broker, serviceName, env);
  const log = new DeliveryLog(options.onAttempt);
  const controller = consumerControllerFor(type, log, behaviour, jitterMs);
  const app = await NestFactory.create(
    ConformanceConsumerModule.register(config, type, controller),
    new FastifyAdapter(),
    {
      logger: logger(),
      abortOnError: false,
    },
  );
  try {
    const transport = app.get<BrokerTransport>(BROKER_TRANSPORT);
    app.connectMicroservice(transport.serverOptions());
    await app.init();
    await app.startAllMicroservices();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return { serviceName, config, log, close: () => (closing ??= app.close()) };
}

export interface RunningPublisher {
  readonly source: string;
  /** Resolves once the broker confirmed the event (EventPublisher over Nest's ClientProxy). */
  publish(envelope: EventEnvelope): Promise<void>;
  /** What readiness and the outbox relay ask: does the broker answer right now? */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** A service that only publishes, through EventPublisher and the transport's ClientProxy. */
export async function startPublisher(
  broker: ConformanceBroker,
  serviceName: string,
  types: string[],
  env: Record<string, string> = {},
): Promise<RunningPublisher> {
  const config = conformanceConfig(broker, serviceName, env);
  const app = await NestFactory.createApplicationContext(ConformancePublisherModule.register(config, types), {
    logger: logger(),
    abortOnError: false,
  });
  await app.init();
  const publisher = app.get(EventPublisher);
  let closing: Promise<void> | undefined;
  return {
    source: `/${serviceName}`,
    publish: (envelope) => publisher.publish(envelope),
    reachable: () => app.get(BrokerHealthIndicator).reachable(),
    close: () => (closing ??= app.close()),
  };
}
