import { createEnvelope, encodeEnvelope, INVENTORY_RESERVED, ORDER_CREATED, OrderCreated } from '#events';
import { jest } from '@jest/globals';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { BaseRpcContext, Payload, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { isObservable, lastValueFrom } from 'rxjs';
import type { BrokerTransport, Delivery } from './broker-transport.js';
import type { DeliveryFailure } from './delivery-failure.js';
import { EventDeliveryInterceptor } from './event-delivery.interceptor.js';
import { HandleEvent } from './handle-event.decorator.js';
import { InFlightDeliveries } from './in-flight-deliveries.js';
import { loadMessagingConfig } from './messaging.config.js';
import { EVENTS_CONSUMED, MessagingMetrics } from './messaging.metrics.js';
import { BROKER_TRANSPORT, MESSAGING_CONFIG } from './messaging.tokens.js';
import type { ReceivedEvent } from './received-event.js';
import { routeByEventType } from './route-by-event-type.js';
import { TRANSIENT_ERROR_CLASSIFIER } from './transient-error.classifier.js';
import { UnprocessableMessagesController } from './unprocessable-messages.controller.js';

/** What each transport does with one message, recorded: how it was settled, with what, and when. */
class RecordedDelivery implements Delivery {
  readonly settlements: Array<'acknowledged' | 'dead-lettered' | 'released'> = [];
  failure: DeliveryFailure | undefined;
  heartbeats = 0;
  settledAt: number | undefined;
  /** Set to make dead-lettering fail (the dead-letter destination is unreachable). */
  deadLetterError: Error | undefined;
  /** What the broker's consumer sees once the handler's stream ends: Kafka does not commit a failure. */
  transportSaw: Promise<'success' | 'failure'> = Promise.resolve('success');

  acknowledge(): void {
    this.settle('acknowledged');
  }

  release(): void {
    this.settle('released');
  }

  async heartbeat(): Promise<void> {
    this.heartbeats += 1;
  }

  async deadLetter(failure: DeliveryFailure): Promise<void> {
    if (this.deadLetterError) throw this.deadLetterError;
    this.failure = failure;
    this.settle('dead-lettered');
  }

  private settle(how: RecordedDelivery['settlements'][number]): void {
    this.settlements.push(how);
    this.settledAt ??= Date.now();
  }
}

/**
 * The consuming side of a broker, in memory: like the RabbitMQ and SQS servers it routes each message by
 * its CloudEvent type, and like the Kafka and SQS servers it awaits the handler's stream.
 */
class InMemoryBroker extends Server implements CustomTransportStrategy {
  listen(callback: () => void): void {
    callback();
  }

  close(): void {}

  on(): never {
    throw new Error('InMemoryBroker has no events');
  }

  unwrap<T>(): T {
    throw new Error('InMemoryBroker has no client');
  }

  deliver(body: string | Buffer): RecordedDelivery {
    const delivery = new RecordedDelivery();
    const packet = routeByEventType(body, new Set([ORDER_CREATED]), { maxEventBytes: 4096, allowedSources: new Map() });
    const handler = this.getHandlerByPattern(packet.pattern);
    if (!handler) throw new Error(`no handler for ${packet.pattern}`);
    const handled = (async () => {
      const result = await handler(packet.data, new BaseRpcContext([delivery]));
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    })();
    delivery.transportSaw = handled.then(
      () => 'success',
      () => 'failure',
    );
    return delivery;
  }
}

/** The transports hand the interceptor the delivery of the message in hand; only that is used here. */
const recordedTransport: Pick<BrokerTransport, 'deliveryFor'> = {
  deliveryFor: (context) => (context as BaseRpcContext<[RecordedDelivery]>).getArgByIndex(0),
};

/** A failure the transient-error classifier calls an outage (the database is down). */
class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
}

/** inventory-service's order.created handler, scripted by each test. */
@Controller()
class ReserveStockHandler {
  /** When each attempt started, in (fake) ms. */
  readonly attemptStartedAt: number[] = [];
  /** What one attempt does: resolves (success, with what its unit of work returned) or throws. */
  attempt: (event: ReceivedEvent<OrderCreated>, attempt: number) => Promise<unknown> = async () => undefined;

  @HandleEvent(ORDER_CREATED, OrderCreated)
  onOrderCreated(@Payload() event: ReceivedEvent<OrderCreated>): Promise<unknown> {
    this.attemptStartedAt.push(Date.now());
    return this.attempt(event, this.attemptStartedAt.length);
  }

  get attempts(): number {
    return this.attemptStartedAt.length;
  }
}

const MAX_ATTEMPTS = 4;

const orderCreated = (
  data: unknown = { orderId: randomUUID(), customerId: 'c-1', items: [{ sku: 'A-1', quantity: 1 }] },
) => encodeEnvelope(createEnvelope({ type: ORDER_CREATED, source: '/order-service', subject: 'o-1', data }));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let app: INestMicroservice;
let broker: InMemoryBroker;
let handler: ReserveStockHandler;
let inFlight: InFlightDeliveries;

beforeEach(async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  register.resetMetrics();
  const module = await Test.createTestingModule({
    controllers: [ReserveStockHandler, UnprocessableMessagesController],
    providers: [
      EventDeliveryInterceptor,
      InFlightDeliveries,
      MessagingMetrics,
      { provide: BROKER_TRANSPORT, useValue: recordedTransport },
      {
        provide: MESSAGING_CONFIG,
        useValue: loadMessagingConfig('inventory-service', { MESSAGING_MAX_ATTEMPTS: String(MAX_ATTEMPTS) }),
      },
      { provide: TRANSIENT_ERROR_CLASSIFIER, useValue: (error: unknown) => error instanceof DatabaseUnavailable },
    ],
  }).compile();
  broker = new InMemoryBroker();
  app = module.createNestMicroservice({ strategy: broker, logger: false });
  await app.listen();
  handler = app.get(ReserveStockHandler);
  inFlight = app.get(InFlightDeliveries);
});

afterEach(async () => {
  await app.close();
  jest.useRealTimers();
});

/** Runs (fake) time timer by timer until the delivery is settled, for at most `deadlineMs`. */
async function untilSettled(delivery: RecordedDelivery, deadlineMs = 60_000): Promise<void> {
  const started = Date.now();
  await jest.advanceTimersByTimeAsync(0);
  while (delivery.settlements.length === 0) {
    if (Date.now() - started > deadlineMs) throw new Error(`not settled within ${deadlineMs} ms`);
    await jest.advanceTimersToNextTimerAsync();
  }
}

/** events_consumed_total as counted so far, keyed "<type> <outcome> [<reason>]". */
async function consumed(): Promise<Record<string, number>> {
  const { values } = await register.getSingleMetric(EVENTS_CONSUMED)!.get();
  return Object.fromEntries(
    values
      .filter(({ value }) => value > 0)
      .map(({ labels, value }) => [[labels.type, labels.outcome, labels.reason].filter(Boolean).join(' '), value]),
  );
}

describe('the delivery policy around every event handler', () => {
  it('acknowledges an event once its handler succeeded', async () => {
    const delivery = broker.deliver(orderCreated());
    await untilSettled(delivery);
    expect(delivery.settlements).toEqual(['acknowledged']);
    expect(handler.attempts).toBe(1);
    await expect(delivery.transportSaw).resolves.toBe('success');
    expect(await consumed()).toEqual({ 'order.created handled': 1 });
  });

  it('counts a redelivery its unit of work skipped as a duplicate, and acknowledges it', async () => {
    handler.attempt = async () => ({ duplicate: true });
    const delivery = broker.deliver(orderCreated());
    await untilSettled(delivery);
    expect(delivery.settlements).toEqual(['acknowledged']);
    await expect(delivery.transportSaw).resolves.toBe('success');
    expect(await consumed()).toEqual({ 'order.created duplicate': 1 });
  });

  describe('a failing handler', () => {
    it('is retried with exponential backoff, then dead-lettered after MESSAGING_MAX_ATTEMPTS with its error', async () => {
      handler.attempt = async () => {
        throw new Error('stock table locked');
      };
      const delivery = broker.deliver(orderCreated());
      await untilSettled(delivery);

      expect(handler.attempts).toBe(MAX_ATTEMPTS);
      expect(delivery.settlements).toEqual(['dead-lettered']);
      expect(delivery.failure).toEqual({
        reason: 'HANDLER_FAILED',
        error: 'Error: stock table locked',
        attempts: MAX_ATTEMPTS,
      });
      await delivery.transportSaw;
      expect(await consumed()).toEqual({
        'order.created retried': MAX_ATTEMPTS - 1,
        'order.created dead_lettered HANDLER_FAILED': 1,
      });
      // Retry n waits between half and all of 100 ms * 2^(n-1) (full jitter): 50-100, 100-200, 200-400 ms.
      const gaps = handler.attemptStartedAt.slice(1).map((at, index) => at - handler.attemptStartedAt[index]!);
      gaps.forEach((gap, index) => {
        const ceiling = 100 * 2 ** index;
        expect(gap).toBeGreaterThanOrEqual(ceiling / 2);
        expect(gap).toBeLessThanOrEqual(ceiling);
      });
    });

    it('is acknowledged, not dead-lettered, when a retry succeeds', async () => {
      handler.attempt = async (_, attempt) => {
        if (attempt < MAX_ATTEMPTS) throw new Error('stock table locked');
      };
      const delivery = broker.deliver(orderCreated());
      await untilSettled(delivery);
      expect(handler.attempts).toBe(MAX_ATTEMPTS);
      expect(delivery.settlements).toEqual(['acknowledged']);
      await delivery.transportSaw;
      expect(await consumed()).toEqual({ 'order.created retried': MAX_ATTEMPTS - 1, 'order.created handled': 1 });
    });

    it('keeps the consumer alive while a handler runs long, and stops once it is settled', async () => {
      handler.attempt = () => sleep(10_000);
      const delivery = broker.deliver(orderCreated());
      await untilSettled(delivery);
      expect(delivery.settlements).toEqual(['acknowledged']);
      const heartbeats = delivery.heartbeats;
      expect(heartbeats).toBeGreaterThanOrEqual(3); // every 3 s, well within Kafka's 30 s session
      await jest.advanceTimersByTimeAsync(30_000);
      expect(delivery.heartbeats).toBe(heartbeats);
    });

    it('is not acknowledged when even dead-lettering fails: the transport sees the failure and redelivers', async () => {
      handler.attempt = async () => {
        throw Object.assign(new Error('order already settled'), { retryable: false });
      };
      const delivery = broker.deliver(orderCreated());
      delivery.deadLetterError = new Error('dead-letter queue unreachable');
      await jest.advanceTimersByTimeAsync(0);
      await expect(delivery.transportSaw).resolves.toBe('failure');
      expect(delivery.settlements).toEqual([]);
      expect(await consumed()).toEqual({});
    });
  });

  describe('poison goes to dead letter at once, with its reason, and is acknowledged by being dead-lettered', () => {
    it.each([
      ['bytes that are not a CloudEvent', () => Buffer.from('not json'), 'MALFORMED', 'JSON'],
      ['data that breaks the contract', () => orderCreated({ orderId: 'not-a-uuid' }), 'INVALID', 'orderId'],
      [
        'a type this service does not consume',
        () =>
          encodeEnvelope(
            createEnvelope({ type: INVENTORY_RESERVED, source: '/inventory-service', subject: 'o-1', data: {} }),
          ),
        'UNHANDLED_TYPE',
        'no handler for type inventory.reserved',
      ],
    ])('%s', async (_, body, reason, error) => {
      const receivedAt = Date.now();
      const delivery = broker.deliver(body());
      await untilSettled(delivery);
      expect(delivery.settlements).toEqual(['dead-lettered']);
      expect(delivery.settledAt).toBe(receivedAt);
      expect(delivery.failure).toMatchObject({ reason, attempts: 1 });
      expect(delivery.failure?.error).toContain(error);
      expect(handler.attempts).toBe(0); // it never reaches the service's handler
      await delivery.transportSaw;
      // Labelled with the type of the handler that refused it, never with a type the message claims.
      expect(Object.entries(await consumed())).toEqual([[expect.stringMatching(` dead_lettered ${reason}$`), 1]]);
    });

    it('an error its use case marks retryable = false', async () => {
      handler.attempt = async () => {
        throw Object.assign(new Error('order already settled'), { retryable: false });
      };
      const receivedAt = Date.now();
      const delivery = broker.deliver(orderCreated());
      await untilSettled(delivery);
      expect(handler.attempts).toBe(1);
      expect(delivery.settledAt).toBe(receivedAt);
      expect(delivery.settlements).toEqual(['dead-lettered']);
      expect(delivery.failure).toEqual({
        reason: 'HANDLER_FAILED',
        error: 'Error: order already settled',
        attempts: 1,
      });
    });
  });

  describe('an outage (the transient-error classifier says so)', () => {
    it('is retried for as long as it lasts, far beyond MESSAGING_MAX_ATTEMPTS, and never dead-lettered', async () => {
      const outageAttempts = MAX_ATTEMPTS * 5;
      handler.attempt = async (_, attempt) => {
        if (attempt <= outageAttempts) throw new DatabaseUnavailable('connect ECONNREFUSED 127.0.0.1:5432');
      };
      const delivery = broker.deliver(orderCreated());
      await untilSettled(delivery, 10 * 60_000);

      expect(handler.attempts).toBe(outageAttempts + 1);
      expect(delivery.settlements).toEqual(['acknowledged']);
      // Backed off, but never so long that the service is slow to notice the database is back.
      const gaps = handler.attemptStartedAt.slice(1).map((at, index) => at - handler.attemptStartedAt[index]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(5_000);
    });
  });

  describe('shutdown', () => {
    it('waits for a message in flight to finish and be acknowledged', async () => {
      handler.attempt = () => sleep(2_000);
      const delivery = broker.deliver(orderCreated());
      await jest.advanceTimersByTimeAsync(100);

      let drained: boolean | undefined;
      void inFlight.drain(10_000).then((result) => (drained = result));
      await jest.advanceTimersByTimeAsync(1_000);
      expect(drained).toBeUndefined();

      await jest.advanceTimersByTimeAsync(1_000);
      expect(drained).toBe(true);
      expect(delivery.settlements).toEqual(['acknowledged']);
    });

    it('gives up waiting after its timeout when a handler does not finish', async () => {
      handler.attempt = () => new Promise<void>(() => undefined);
      broker.deliver(orderCreated());
      await jest.advanceTimersByTimeAsync(0);

      let drained: boolean | undefined;
      void inFlight.drain(5_000).then((result) => (drained = result));
      await jest.advanceTimersByTimeAsync(4_999);
      expect(drained).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(drained).toBe(false);
    });

    it.each([
      ['a failing handler', () => new Error('stock table locked')],
      ['an outage, which would otherwise be retried without end', () => new DatabaseUnavailable('ECONNREFUSED')],
    ])('gives back a message being retried for %s, neither retried again nor dead-lettered', async (_, error) => {
      handler.attempt = async () => {
        await sleep(500);
        throw error();
      };
      const delivery = broker.deliver(orderCreated());
      await jest.advanceTimersByTimeAsync(200);

      const drained = inFlight.drain(10_000);
      await untilSettled(delivery);
      await expect(drained).resolves.toBe(true);
      expect(handler.attempts).toBe(1);
      expect(delivery.settlements).toEqual(['released']);
      // Kafka, which has nothing to release, must not commit the offset either.
      await expect(delivery.transportSaw).resolves.toBe('failure');
      expect(await consumed()).toEqual({ 'order.created released': 1 });
    });

    it('still handles a message the consumer had already fetched, but does not retry it', async () => {
      await expect(inFlight.drain(10_000)).resolves.toBe(true);

      const succeeding = broker.deliver(orderCreated());
      await untilSettled(succeeding);
      expect(succeeding.settlements).toEqual(['acknowledged']);

      handler.attempt = async () => {
        throw new Error('stock table locked');
      };
      const failing = broker.deliver(orderCreated());
      await untilSettled(failing);
      expect(failing.settlements).toEqual(['released']);
      expect(handler.attempts).toBe(2);
    });
  });
});
