import { ConfigurationError, isProduction, readBoolean, readNumber, type Env } from '#config';

/** The HTTP API's own settings: documentation, stock administration, idempotency keys. */
export interface HttpApiConfig {
  /** Serve Swagger UI at /docs and the document at /docs/openapi.json. */
  apiDocs: boolean;
  /** Bearer token that administration routes (PUT /stock/:sku) require; undefined leaves them open. */
  adminToken: string | undefined;
  /** How long an Idempotency-Key is remembered: after it, the same key places a new order. */
  idempotencyKeyRetentionHours: number;
}

/** The variables this loader reads, for SERVICE_ENVIRONMENT_VARIABLES. */
export const HTTP_API_ENVIRONMENT_VARIABLES = ['API_DOCS', 'ADMIN_TOKEN', 'IDEMPOTENCY_KEY_RETENTION_HOURS'] as const;

/** RFC 6750's b64token, long enough not to be guessed. */
const ADMIN_TOKEN_SYNTAX = /^[A-Za-z0-9\-._~+/]+=*$/;
const ADMIN_TOKEN_MIN_LENGTH = 16;
const ADMIN_TOKEN_MAX_LENGTH = 512;
const DEFAULT_IDEMPOTENCY_KEY_RETENTION_HOURS = 24;

export function loadHttpApiConfig(env: Env): HttpApiConfig {
  const apiDocs = readBoolean(env, 'API_DOCS', true);

  const adminToken = env.ADMIN_TOKEN || undefined;
  if (adminToken !== undefined) {
    if (adminToken.length < ADMIN_TOKEN_MIN_LENGTH || adminToken.length > ADMIN_TOKEN_MAX_LENGTH) {
      throw new ConfigurationError(
        `ADMIN_TOKEN must be ${ADMIN_TOKEN_MIN_LENGTH} to ${ADMIN_TOKEN_MAX_LENGTH} characters long; got ${adminToken.length}`,
      );
    }
    if (!ADMIN_TOKEN_SYNTAX.test(adminToken)) {
      throw new ConfigurationError('ADMIN_TOKEN may contain only letters, digits and - . _ ~ + / (and trailing =)');
    }
  } else if (isProduction(env)) {
    throw new ConfigurationError(
      'ADMIN_TOKEN must be set when NODE_ENV=production: without it anyone can set stock levels (PUT /stock/:sku). ' +
        'Use a random secret of at least 16 characters, e.g. the output of `openssl rand -hex 32`.',
    );
  }

  // Read as every other number is: unset or blank takes the default, bounds as the other retentions'.
  const retention = readNumber(env, 'IDEMPOTENCY_KEY_RETENTION_HOURS', DEFAULT_IDEMPOTENCY_KEY_RETENTION_HOURS, {
    min: 0.01,
    max: 87_600,
  });
  return { apiDocs, adminToken, idempotencyKeyRetentionHours: retention };
}
