import { traceContextOf, traceContextToSend, type EventTraceContext } from '#events';
import type { Logger } from '@nestjs/common';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { DeliveryFailure } from './delivery-failure.js';
import type { ConsumptionOutcome, MessagingMetrics } from './messaging.metrics.js';

/** The message as a log line and a span may name it: what its envelope says, when it could be read. */
interface MessageIdentity extends EventTraceContext {
  id?: string;
  subject?: string;
}

const tracer = trace.getTracer('libs/messaging');

/**
 * What one delivery tells about itself as it goes: each retry, then how it ended, as metrics, as one
 * debug line (type, id, subject, attempts, outcome) and as a `<type> process` span, a child of the
 * event's trace context, which every attempt runs in (a no-op while tracing is off).
 */
export class DeliveryReport {
  private readonly startedAt = performance.now();
  private readonly span: Span;

  constructor(
    private readonly metrics: MessagingMetrics,
    private readonly logger: Logger,
    private readonly type: string,
    private readonly message: MessageIdentity,
  ) {
    this.span = tracer.startSpan(
      `${type} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.operation.type': 'process',
          'messaging.destination.name': type,
          ...(message.id ? { 'messaging.message.id': message.id } : {}),
        },
      },
      traceContextOf(message),
    );
  }

  /**
   * The trace context for the events this delivery causes: its span's while tracing runs, otherwise the
   * one the message came with. Explicit, because the active context need not follow the handler's awaits.
   */
  traceContextToSend(): EventTraceContext {
    return traceContextToSend(this.message, trace.setSpan(ROOT_CONTEXT, this.span));
  }

  /** Runs `work` inside the delivery's span: what it logs (and, with TRACE_CONTEXT_PROPAGATION=async, awaits) belongs to the trace. */
  within<T>(work: () => T): T {
    return context.with(trace.setSpan(context.active(), this.span), work);
  }

  retried(): void {
    this.metrics.retried(this.type);
  }

  settled(outcome: Exclude<ConsumptionOutcome, 'retried'>, attempts: number, reason?: DeliveryFailure['reason']): void {
    this.metrics.settled(this.type, outcome, this.startedAt, reason);
    this.span.setAttribute('messaging.outcome', outcome);
    if (outcome === 'dead_lettered') this.span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
    // Written in the delivery's span, whatever async context the settlement came back in.
    this.within(() =>
      this.logger.debug({
        msg: 'event consumed',
        type: this.type,
        id: this.message.id,
        subject: this.message.subject,
        attempts,
        outcome,
        ...(reason ? { reason } : {}),
      }),
    );
    this.span.end();
  }
}

/** The id, subject and trace context of a decoded envelope; nothing of a message that could not be read. */
export function identityOf(data: unknown): MessageIdentity {
  const { id, subject, traceparent, tracestate } = (data ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { id: text(id), subject: text(subject), traceparent: text(traceparent), tracestate: text(tracestate) };
}
