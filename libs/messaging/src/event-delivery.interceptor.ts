import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, defer, endWith, from, ignoreElements, retry, tap, throwError, timer, type Observable } from 'rxjs';
import type { BrokerTransport } from './broker-transport.js';
import { PoisonMessageError, type DeliveryFailure } from './delivery-failure.js';
import type { MessagingConfig } from './messaging.config.js';
import { BROKER_TRANSPORT, MESSAGING_CONFIG } from './messaging.tokens.js';
import { retryDelayMs } from './retry-backoff.js';

/**
 * The failure policy around every event handler: acknowledge after success; retry transient errors
 * with backoff; dead-letter poison at once and anything still failing after the last attempt.
 * If even dead-lettering fails, the error reaches the transport, which redelivers the message.
 */
@Injectable()
export class EventDeliveryInterceptor implements NestInterceptor {
  private readonly logger = new Logger('EventDelivery');

  constructor(
    @Inject(BROKER_TRANSPORT) private readonly transport: BrokerTransport,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const delivery = this.transport.deliveryFor(context.switchToRpc().getContext());
    const handlerName = `${context.getClass().name}.${context.getHandler().name}`;
    let attempts = 0;
    return defer(() => {
      attempts += 1;
      return next.handle();
    }).pipe(
      retry({
        count: this.config.maxDeliveryAttempts - 1,
        delay: (error: unknown, retryCount) =>
          error instanceof PoisonMessageError ? throwError(() => error) : timer(retryDelayMs(retryCount)),
      }),
      // Exactly one value on success: Nest's Kafka server awaits lastValueFrom() of this stream.
      ignoreElements(),
      endWith(undefined),
      tap(() => delivery.acknowledge()),
      catchError((error: unknown) => {
        const failure = describeFailure(error, attempts);
        this.logger.warn(
          `${handlerName}: dead-lettering after ${attempts} attempt(s): ${failure.reason} ${failure.error}`,
        );
        return from(delivery.deadLetter(failure));
      }),
    );
  }
}

function describeFailure(error: unknown, attempts: number): DeliveryFailure {
  if (error instanceof PoisonMessageError) return { reason: error.reason, error: error.message, attempts };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { reason: 'HANDLER_FAILED', error: message, attempts };
}
