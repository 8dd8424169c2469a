import { loadMessagingConfig, type MessagingConfig } from '#messaging';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** A service's whole configuration, read once at start; a bad value stops it with a clear message. */
export interface ServiceConfig {
  serviceName: string;
  port: number;
  databaseUrl: string;
  /** How long a SIGTERM may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  messaging: MessagingConfig;
}

/** Every variable a service reads; docker-compose.yml and README are checked against this list. */
export const SERVICE_ENVIRONMENT_VARIABLES = [
  'BROKER',
  'KAFKA_BROKERS',
  'RABBITMQ_URL',
  'AWS_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'SQS_CREATE_TOPOLOGY',
  'PORT',
  'DATABASE_URL',
  'SHUTDOWN_TIMEOUT_MS',
  'MESSAGING_PREFETCH',
  'MESSAGING_MAX_ATTEMPTS',
  'KAFKA_SESSION_TIMEOUT_MS',
  // What a consumer accepts (libs/messaging/src/event-intake.ts).
  'MESSAGING_MAX_EVENT_BYTES',
  'MESSAGING_ALLOWED_SOURCES',
  'LOG_LEVEL',
] as const;

export function loadServiceConfig(
  serviceName: string,
  defaults: { port: number },
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const port = Number(env.PORT ?? defaults.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a TCP port; got "${env.PORT}"`);
  const shutdownTimeoutMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
  if (!Number.isInteger(shutdownTimeoutMs) || shutdownTimeoutMs < 1) {
    throw new Error(`SHUTDOWN_TIMEOUT_MS must be a positive integer; got "${env.SHUTDOWN_TIMEOUT_MS}"`);
  }
  return {
    serviceName,
    port,
    databaseUrl: env.DATABASE_URL || `.data/${serviceName}.sqlite`,
    shutdownTimeoutMs,
    messaging: loadMessagingConfig(serviceName, env),
  };
}
