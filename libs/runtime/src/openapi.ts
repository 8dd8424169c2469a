import type { INestApplication } from '@nestjs/common';
import {
  ApiProperty,
  ApiPropertyOptional,
  DocumentBuilder,
  getSchemaPath,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { ADMIN_SECURITY_SCHEME } from './admin-token.guard.js';
import { JSON_BODY_LIMIT, JSON_MEDIA_TYPE } from './http-input.js';
import { MAX_JSON_DEPTH } from './request-body-json.js';

/** Where a running service serves Swagger UI and its OpenAPI document. */
export const OPENAPI_UI_PATH = '/docs';
export const OPENAPI_JSON_PATH = '/docs/openapi.json';

/** The version of the HTTP contract the documents describe (not the package's version). */
export const API_VERSION = '1.0.0';

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/** The same info for the committed document (scripts/openapi.ts) and the one a running service serves. */
export function openApiInfo(serviceName: string): OpenApiInfo {
  return {
    title: serviceName,
    version: API_VERSION,
    description:
      `HTTP API of ${serviceName}. Every JSON body is validated strictly: an invalid value or unknown property ` +
      `answers 400 with one entry per field; malformed JSON, JSON nested deeper than ${MAX_JSON_DEPTH} levels, a ` +
      'name twice in one object, a number a 64-bit float cannot carry exactly, or a body that is not UTF-8 ' +
      `answers 400; a body over ${JSON_BODY_LIMIT} answers 413, and a body that is not ${JSON_MEDIA_TYPE} 415. ` +
      'No client input is answered with a 5xx. ' +
      'The events it publishes and consumes are described in docs/asyncapi.yaml.',
  };
}

/** Nest's error body: a 404, a refused path parameter or header, malformed JSON, a forbidden key, 401, 409, 413, 415, 422. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 404 })
  statusCode!: number;

  @ApiPropertyOptional({
    description:
      'Absent when the JSON body parser refused the request (malformed or refused JSON such as a __proto__ key, a 413)',
    example: 'Not Found',
  })
  error?: string;

  @ApiProperty({ example: 'order 94f93937-6c1e-4f57-9d3a-2b8d1c0e5a71 not found' })
  message!: string;
}

export class FieldError {
  @ApiProperty({ description: 'Dotted path of the offending property', example: 'items.0.quantity' })
  field!: string;

  @ApiProperty({ type: [String], example: ['quantity must not be greater than 1000'] })
  messages!: string[];
}

/** The 400 of a request body that failed validation (see applyHttpInputPolicy): one entry per field. */
export class ValidationErrorResponse {
  @ApiProperty({ type: 'integer', enum: [400], example: 400 })
  statusCode!: 400;

  @ApiProperty({ enum: ['Bad Request'], example: 'Bad Request' })
  error!: 'Bad Request';

  @ApiProperty({
    type: [String],
    description: 'Every message of `fields`, prefixed with its field',
    example: [
      'items.0.quantity: quantity must not be greater than 1000',
      'discount: property discount should not exist',
    ],
  })
  message!: string[];

  @ApiProperty({
    type: () => [FieldError],
    example: [
      { field: 'items.0.quantity', messages: ['quantity must not be greater than 1000'] },
      { field: 'discount', messages: ['property discount should not exist'] },
    ],
  })
  fields!: FieldError[];
}

export class HealthIndicatorResult {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiPropertyOptional({
    description: 'Why it is down, in generic words (the cause is in the service log)',
    example: 'broker unreachable',
  })
  message?: string;
}

/** @nestjs/terminus' answer. Readiness checks `lifecycle` (not shutting down), `broker` and `database`. */
export class HealthCheckResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status!: 'ok' | 'error' | 'shutting_down';

  @ApiPropertyOptional({
    description: 'The checks that are up',
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(HealthIndicatorResult) },
    example: { lifecycle: { status: 'up' }, broker: { status: 'up' }, database: { status: 'up' } },
  })
  info?: Record<string, HealthIndicatorResult>;

  @ApiPropertyOptional({
    description: 'The checks that are down',
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(HealthIndicatorResult) },
    example: {},
  })
  error?: Record<string, HealthIndicatorResult>;

  @ApiProperty({
    description: 'Every check',
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(HealthIndicatorResult) },
    example: { lifecycle: { status: 'up' }, broker: { status: 'up' }, database: { status: 'up' } },
  })
  details!: Record<string, HealthIndicatorResult>;
}

/**
 * The health endpoints (HealthController), documented here rather than by @HealthCheck(), whose own
 * documentation depends on whether it can require() @nestjs/swagger, i.e. on how the process was started.
 */
const HEALTH_RESPONSES: Record<string, Record<string, { description: string }>> = {
  '/health/live': {
    '200': { description: 'The process answers' },
    '503': { description: 'The service is shutting down (status shutting_down)' },
  },
  '/health/ready': {
    '200': { description: 'The broker and the database answer and the service is not shutting down' },
    '503': { description: 'A check is down (or the service is shutting down): send no traffic' },
  },
};

const json = (schema: object) => ({ 'application/json': { schema } });
const errorContent = () => json({ $ref: getSchemaPath(ErrorResponse) });

/**
 * The service's OpenAPI document, from its controllers' decorators. The strict input policy applies
 * to every route, so its answers are documented here once: an operation with a JSON body gets the
 * field-level 400 (or the plain one for malformed JSON and forbidden keys) and a 413, and any 4xx
 * a controller declares without a body schema gets Nest's error body.
 */
export function createOpenApiDocument(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setVersion(info.version)
    .setDescription(info.description)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponse, ValidationErrorResponse, HealthCheckResponse, HealthIndicatorResult],
    operationIdFactory: (controller, method) => `${controller.replace(/(Http)?Controller$/, '')}_${method}`,
  });
  for (const [path, operations] of Object.entries(document.paths)) {
    const health = HEALTH_RESPONSES[path];
    if (health && operations.get) {
      operations.get.summary = path.endsWith('/live') ? 'Liveness' : 'Readiness';
      operations.get.responses = Object.fromEntries(
        Object.entries(health).map(([status, { description }]) => [
          status,
          { description, content: json({ $ref: getSchemaPath(HealthCheckResponse) }) },
        ]),
      );
    }
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = operations[method];
      if (!operation) continue;
      const responses = (operation.responses ??= {}) as Record<string, { description: string; content?: object }>;
      if (operation.requestBody) {
        forbidUnknownProperties(document, operation.requestBody);
        responses['400'] = {
          description: responses['400']?.description ?? 'The body is not valid; nothing was changed',
          content: json({
            oneOf: [{ $ref: getSchemaPath(ValidationErrorResponse) }, { $ref: getSchemaPath(ErrorResponse) }],
          }),
        };
        responses['413'] ??= { description: `The body is larger than ${JSON_BODY_LIMIT}` };
        responses['415'] ??= { description: `The body is not ${JSON_MEDIA_TYPE} (or not UTF-8); nothing was changed` };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (/^4\d\d$/.test(status) && !response.content) response.content = errorContent();
      }
    }
  }
  const guarded = Object.values(document.paths).some((operations) =>
    Object.values(operations).some((operation) =>
      (operation as { security?: Array<Record<string, unknown>> }).security?.some(
        (entry) => ADMIN_SECURITY_SCHEME in entry,
      ),
    ),
  );
  if (guarded) {
    document.components = {
      ...document.components,
      securitySchemes: {
        [ADMIN_SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'ADMIN_TOKEN of the service. Required by administration routes when the service has ADMIN_TOKEN set ' +
            '(always with NODE_ENV=production); without ADMIN_TOKEN they are open (development only).',
        },
      },
    };
  }
  return document;
}

/** Unknown properties are refused (whitelist + forbidNonWhitelisted): say so on every schema a body reaches. */
function forbidUnknownProperties(document: OpenAPIObject, node: unknown, seen = new Set<string>()): void {
  if (typeof node !== 'object' || node === null) return;
  const { $ref } = node as { $ref?: unknown };
  if (typeof $ref === 'string') {
    const name = $ref.replace('#/components/schemas/', '');
    const schema = document.components?.schemas?.[name] as Record<string, unknown> | undefined;
    if (seen.has(name) || !schema) return;
    seen.add(name);
    if (schema.type === 'object') schema.additionalProperties = false;
    forbidUnknownProperties(document, schema, seen);
    return;
  }
  for (const value of Object.values(node)) forbidUnknownProperties(document, value, seen);
}

/** Swagger UI at /docs and the document at /docs/openapi.json. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: document.info.title,
  });
}
