import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { EventEnvelope } from '#events';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import {
  catchError,
  defer,
  endWith,
  finalize,
  from,
  ignoreElements,
  interval,
  retry,
  tap,
  throwError,
  timer,
  type Observable,
} from 'rxjs';
import type { BrokerTransport, Delivery } from './broker-transport.js';
import { PoisonMessageError, type DeliveryFailure } from './delivery-failure.js';
import { DeliveryReport, identityOf } from './delivery-report.js';
import { InFlightDeliveries } from './in-flight-deliveries.js';
import type { MessagingConfig } from './messaging.config.js';
import { MessagingMetrics } from './messaging.metrics.js';
import { BROKER_TRANSPORT, MESSAGING_CONFIG } from './messaging.tokens.js';
import { retryDelayMs } from './retry-backoff.js';
import { UnprocessableMessage } from './unprocessable-message.js';
import { TRANSIENT_ERROR_CLASSIFIER, type TransientErrorClassifier } from './transient-error.classifier.js';

const HEARTBEAT_INTERVAL_MS = 3_000;
const OUTAGE_RETRY_CAP_MS = 5_000;

/** Thrown out of the retry loop when shutdown begins: the message is given back, not dead-lettered. */
class ReleasedForShutdown extends Error {}

/**
 * The failure policy around every event handler:
 * - success: acknowledge;
 * - poison (unreadable, invalid, unhandled type), or an error that says `retryable = false`: dead-letter at once;
 * - any other error: retry with jittered exponential backoff, dead-letter after the last attempt;
 * - an infrastructure outage (e.g. database down): retry for as long as it lasts, never dead-letter;
 * - shutdown while retrying: give the message back for redelivery.
 * Long handlers keep the consumer's session alive. If even dead-lettering fails, the error reaches the
 * transport, which redelivers the message.
 */
@Injectable()
export class EventDeliveryInterceptor implements NestInterceptor {
  private readonly logger = new Logger('EventDelivery');

  constructor(
    @Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly inFlight: InFlightDeliveries,
    private readonly metrics: MessagingMetrics,
    @Optional() @Inject(TRANSIENT_ERROR_CLASSIFIER) private readonly isOutage: TransientErrorClassifier = () => false,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const delivery = this.transport.deliveryFor(context.switchToRpc().getContext());
    const handlerName = `${context.getClass().name}.${context.getHandler().name}`;
    const message: unknown = context.switchToRpc().getData();
    const report = new DeliveryReport(this.metrics, this.logger, declaredType(context), identityOf(message));
    // The handler's events continue this delivery's span: EventPayloadPipe hands the envelope's trace on.
    if (isEnvelope(message)) {
      const { traceparent, tracestate } = report.traceContextToSend();
      Object.assign(message, { traceparent, tracestate });
    }
    const settled = this.inFlight.begin();
    const keepAlive = interval(HEARTBEAT_INTERVAL_MS).subscribe(() => void delivery.heartbeat().catch(() => undefined));
    let attempts = 0;
    let result: unknown;
    return defer(() => {
      attempts += 1;
      return report.within(() => next.handle());
    }).pipe(
      retry({
        delay: (error: unknown, retryCount) => this.nextAttempt(error, retryCount, attempts, handlerName, report),
      }),
      tap((value) => (result = value)),
      // Exactly one value on success: Nest's Kafka server awaits lastValueFrom() of this stream.
      ignoreElements(),
      endWith(undefined),
      tap(() => {
        delivery.acknowledge();
        report.settled(isDuplicate(result) ? 'duplicate' : 'handled', attempts);
      }),
      catchError((error: unknown) => this.giveUp(error, attempts, delivery, handlerName, report)),
      finalize(() => {
        keepAlive.unsubscribe();
        settled();
      }),
    );
  }

  private nextAttempt(
    error: unknown,
    retryCount: number,
    attempts: number,
    handlerName: string,
    report: DeliveryReport,
  ): Observable<number> {
    if (error instanceof PoisonMessageError || isPermanent(error)) return throwError(() => error);
    if (this.inFlight.isClosing) return throwError(() => new ReleasedForShutdown(String(error)));
    if (this.isOutage(error)) {
      if (retryCount === 1 || retryCount % 10 === 0) {
        this.logger.warn(`${handlerName}: infrastructure unavailable (${describe(error)}); retrying until it is back`);
      }
      report.retried();
      return timer(Math.min(OUTAGE_RETRY_CAP_MS, retryDelayMs(retryCount)));
    }
    if (attempts >= this.config.maxDeliveryAttempts) return throwError(() => error);
    report.retried();
    return timer(retryDelayMs(retryCount));
  }

  private giveUp(
    error: unknown,
    attempts: number,
    delivery: Delivery,
    handlerName: string,
    report: DeliveryReport,
  ): Observable<unknown> {
    if (error instanceof ReleasedForShutdown) {
      delivery.release();
      report.settled('released', attempts);
      return throwError(() => error);
    }
    const failure: DeliveryFailure =
      error instanceof PoisonMessageError
        ? { reason: error.reason, error: error.message, attempts }
        : { reason: 'HANDLER_FAILED', error: describe(error), attempts };
    report.within(() =>
      this.logger.warn(
        `${handlerName}: dead-lettering after ${attempts} attempt(s): ${failure.reason} ${failure.error}`,
      ),
    );
    return from(delivery.deadLetter(failure).then(() => report.settled('dead_lettered', attempts, failure.reason)));
  }
}

/**
 * The event type the handler was declared for (@HandleEvent, or the unprocessable-message pattern): a
 * bounded set, unlike the types incoming messages claim.
 */
function declaredType(context: ExecutionContext): string {
  const patterns = Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) as unknown[] | undefined;
  return String(patterns?.[0] ?? 'unknown');
}

/** A decoded envelope, as opposed to the UnprocessableMessage a deserializer hands on for poison. */
function isEnvelope(message: unknown): message is EventEnvelope {
  return typeof message === 'object' && message !== null && !(message instanceof UnprocessableMessage);
}

/** A handler that returns its unit of work's outcome tells a redelivery apart: `{ duplicate: true }`. */
function isDuplicate(value: unknown): boolean {
  return (value as { duplicate?: unknown } | null | undefined)?.duplicate === true;
}

/** A use case marks an error no retry can fix with `retryable = false`, without knowing about messaging. */
function isPermanent(error: unknown): boolean {
  return (error as { retryable?: unknown } | null)?.retryable === false;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
