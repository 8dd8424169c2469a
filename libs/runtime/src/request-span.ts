import { ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';

/** What @fastify/otel decorates a request with while tracing runs (tracing.ts); absent otherwise. */
type TracedRequest = FastifyRequest & { opentelemetry?: () => { context?: Context | null } };

/**
 * The context of the request's own span, handed over explicitly: the active context does not follow a
 * request across its hooks and `await`s (SynchronousContextManager). The root context when untraced.
 */
export function requestSpanContext(request: FastifyRequest): Context {
  return (request as TracedRequest).opentelemetry?.().context ?? ROOT_CONTEXT;
}

/** The request's span, when it has one. */
export function requestSpan(request: FastifyRequest): Span | undefined {
  return trace.getSpan(requestSpanContext(request));
}
