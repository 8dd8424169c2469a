import { ConfigurationError, isProduction, readBoolean, type Env } from '#config';

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

  const retention = Number(env.IDEMPOTENCY_KEY_RETENTION_HOURS ?? 24);
  if (!Number.isFinite(retention) || retention <= 0 || env.IDEMPOTENCY_KEY_RETENTION_HOURS?.trim() === '') {
    throw new ConfigurationError(
      `IDEMPOTENCY_KEY_RETENTION_HOURS must be a positive number of hours; got "${env.IDEMPOTENCY_KEY_RETENTION_HOURS}"`,
    );
  }
  return { apiDocs, adminToken, idempotencyKeyRetentionHours: retention };
}
