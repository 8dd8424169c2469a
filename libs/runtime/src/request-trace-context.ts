import { traceContextToSend } from '#events';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestSpanContext } from './request-span.js';

/**
 * The trace context the events a request causes carry: the request's span while tracing runs (which
 * continues an incoming W3C `traceparent`), otherwise the incoming `traceparent` and `tracestate`
 * themselves, when valid, so that the caller's trace goes on through the events either way.
 */
export const RequestTraceContext = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const { headers } = request.raw;
  const single = (name: string) => (typeof headers[name] === 'string' ? headers[name] : undefined);
  return traceContextToSend(
    { traceparent: single('traceparent'), tracestate: single('tracestate') },
    requestSpanContext(request),
  );
});
