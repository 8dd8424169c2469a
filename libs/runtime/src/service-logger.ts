import type { LogLevel } from '@nestjs/common';
import { isSpanContextValid, trace, type Span } from '@opentelemetry/api';
import { pino, stdTimeFunctions, type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** How log lines are written: one JSON object per line (for machines), or coloured text (for people). */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Nest's level names as pino names them. */
const PINO_LEVELS: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface ServiceLoggerOptions {
  serviceName?: string;
  level: LogLevel;
  format: LogFormat;
  /** Where JSON lines go: stdout unless a test listens. */
  destination?: DestinationStream;
}

/**
 * The process's logger: pino, which Fastify itself is built on, writing synchronously to stdout so
 * that a crash loses no line. JSON lines carry `time` (ISO 8601), `level` by name, `service`, `context`
 * (the Nest logger's) and `msg`.
 */
export function createServiceLogger({ serviceName, level, format, destination }: ServiceLoggerOptions): Logger {
  const options = {
    level: PINO_LEVELS[level],
    base: serviceName ? { service: serviceName } : {},
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: traceFields,
  };
  if (format === 'pretty') {
    return pino(options, pretty({ sync: true, ignore: 'service,context', messageFormat: '[{context}] {msg}' }));
  }
  return destination ? pino(options, destination) : pino(options);
}

/** The trace and span a line was written in, when tracing runs (see TRACE_CONTEXT_PROPAGATION). */
function traceFields(): Record<string, string> {
  return traceFieldsOf(trace.getActiveSpan());
}

/** A line's `trace_id` and `span_id` for a span handed over explicitly; none for no span or a no-op one. */
export function traceFieldsOf(span: Span | undefined): Record<string, string> {
  const spanContext = span?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
