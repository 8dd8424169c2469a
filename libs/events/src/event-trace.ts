import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { isTraceparent, isTracestate } from './trace-context.js';

/** The CloudEvents distributed-tracing extension: the trace an event belongs to, as W3C Trace Context. */
export interface EventTraceContext {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The OpenTelemetry context an event's trace context stands for, to start spans under. Without a
 * tracer (no OTEL_ variable set) the API is a no-op and this is the empty root context.
 */
export function traceContextOf(event: EventTraceContext): Context {
  const carrier: Record<string, string> = {};
  if (isTraceparent(event.traceparent)) carrier.traceparent = event.traceparent;
  if (carrier.traceparent && isTracestate(event.tracestate)) carrier.tracestate = event.tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * The trace context to write into the events caused now: the active span's while tracing runs, so the
 * next hop becomes its child; otherwise `received` (what came in), passed on unchanged, so that a trace
 * started upstream goes on downstream even through a service that does not trace.
 */
export function traceContextToSend(
  received: EventTraceContext = {},
  from: Context = context.active(),
): EventTraceContext {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  if (isTraceparent(carrier.traceparent)) {
    return {
      traceparent: carrier.traceparent,
      ...(isTracestate(carrier.tracestate) ? { tracestate: carrier.tracestate } : {}),
    };
  }
  return {
    ...(isTraceparent(received.traceparent) ? { traceparent: received.traceparent } : {}),
    ...(isTraceparent(received.traceparent) && isTracestate(received.tracestate)
      ? { tracestate: received.tracestate }
      : {}),
  };
}
