import { isProduction, positiveInteger, readChoice, readInteger, readRaw, type Env } from '#config';
import { loadMessagingConfig, type MessagingConfig } from '#messaging';
import { loadOutboxSettings, type OutboxSettings } from '#outbox';
import { parseDatabaseUrl } from '#persistence';
import type { LogLevel } from '@nestjs/common';
import { LOG_LEVEL_ALIASES, LOG_LEVELS } from './log-level.js';
import { LOG_FORMATS, type LogFormat } from './service-logger.js';
import { TRACE_CONTEXT_PROPAGATIONS, type TraceContextPropagation } from './trace-context-propagation.js';
import { HTTP_API_ENVIRONMENT_VARIABLES, loadHttpApiConfig, type HttpApiConfig } from './http-api.config.js';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** A service's whole configuration, read once at start; a bad value stops it with a clear message. */
export interface ServiceConfig {
  serviceName: string;
  port: number;
  databaseUrl: string;
  /** How long a SIGTERM may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  logLevel: LogLevel;
  /** LOG_FORMAT: JSON lines (the default), or `pretty` text for a person at a terminal. */
  logFormat: LogFormat;
  /** TRACE_CONTEXT_PROPAGATION: how a span reaches the code under it while tracing runs (tracing.ts). */
  traceContextPropagation: TraceContextPropagation;
  /** NODE_ENV=production: development defaults (guest, the SQS emulator) are refused. */
  production: boolean;
  messaging: MessagingConfig;
  outbox: OutboxSettings;
  http: HttpApiConfig;
}

/** Every variable a service reads; docker-compose.yml is checked against this list. */
export const SERVICE_ENVIRONMENT_VARIABLES = [
  'BROKER',
  'KAFKA_BROKERS',
  'RABBITMQ_URL',
  'RABBITMQ_QUEUE_TYPE',
  'AWS_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'SQS_CREATE_TOPOLOGY',
  'SQS_VISIBILITY_TIMEOUT_SECONDS',
  'PORT',
  'DATABASE_URL',
  'SHUTDOWN_TIMEOUT_MS',
  'MESSAGING_PREFETCH',
  'MESSAGING_MAX_ATTEMPTS',
  'KAFKA_SESSION_TIMEOUT_MS',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_REPLICATION_FACTOR',
  'KAFKA_MIN_INSYNC_REPLICAS',
  // What a consumer accepts (libs/messaging/src/event-intake.ts).
  'MESSAGING_MAX_EVENT_BYTES',
  'MESSAGING_ALLOWED_SOURCES',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'NODE_ENV',
  'OUTBOX_MAX_ATTEMPTS',
  'OUTBOX_PUBLISH_TIMEOUT_MS',
  'INBOX_RETENTION_HOURS',
  'OUTBOX_RETENTION_HOURS',
  'PRUNE_INTERVAL_MS',
  // The standard OpenTelemetry variables (libs/runtime/src/tracing.ts); those compose sets are listed.
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'TRACE_CONTEXT_PROPAGATION',
  ...HTTP_API_ENVIRONMENT_VARIABLES,
] as const;

export function loadServiceConfig(
  serviceName: string,
  defaults: { port: number },
  env: Env = process.env,
): ServiceConfig {
  const port = readInteger(env, 'PORT', defaults.port, { min: 1, max: 65_535 });
  const databaseUrl = readRaw(env, 'DATABASE_URL') ?? `.data/${serviceName}.sqlite`;
  parseDatabaseUrl(databaseUrl);
  const messaging = loadMessagingConfig(serviceName, env);
  return {
    serviceName,
    port,
    databaseUrl,
    shutdownTimeoutMs: positiveInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 3_600_000),
    // Case-insensitive with its aliases; anything else stops the service instead of silencing it.
    logLevel: readChoice(env, 'LOG_LEVEL', LOG_LEVELS, 'log', LOG_LEVEL_ALIASES),
    logFormat: readChoice(env, 'LOG_FORMAT', LOG_FORMATS, 'json'),
    traceContextPropagation: readChoice(env, 'TRACE_CONTEXT_PROPAGATION', TRACE_CONTEXT_PROPAGATIONS, 'explicit'),
    production: isProduction(env),
    messaging,
    outbox: loadOutboxSettings(env),
    http: loadHttpApiConfig(env),
  };
}
