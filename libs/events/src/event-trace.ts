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
  return propagation.extract(ROOT_CONTEXT, { ...validTraceContext(event) });
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
  const carrier: EventTraceContext = {};
  propagation.inject(from, carrier);
  const active = validTraceContext(carrier);
  return active.traceparent ? active : validTraceContext(received);
}

/** W3C Trace Context as this project accepts it: a valid traceparent, and its tracestate only if valid too. */
export function validTraceContext({ traceparent, tracestate }: EventTraceContext): EventTraceContext {
  if (!isTraceparent(traceparent)) return {};
  return isTracestate(tracestate) ? { traceparent, tracestate } : { traceparent };
}
