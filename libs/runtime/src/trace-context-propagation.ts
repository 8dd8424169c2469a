/**
 * How a span reaches the code that runs under it (TRACE_CONTEXT_PROPAGATION):
 * - `explicit` (the default): the messaging path and the HTTP request pass their span on by hand; a log
 *   line carries trace_id/span_id when it is written by that path (request, delivery, publish lines).
 * - `async`: AsyncLocalStorage follows every `await` too, so that any line a handler writes carries them,
 *   at a cost of about 10% CPU per order on Node 20 (docs/observability.md).
 */
export const TRACE_CONTEXT_PROPAGATIONS = ['explicit', 'async'] as const;
export type TraceContextPropagation = (typeof TRACE_CONTEXT_PROPAGATIONS)[number];
