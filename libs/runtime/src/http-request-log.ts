import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { requestSpan } from './request-span.js';
import { traceFieldsOf } from './service-logger.js';

/**
 * One line per answered request, at info level: Fastify's request id, method, route template
 * (`unmatched` for a path no route has; never the raw path or query a client sent), status and
 * duration in milliseconds; and the request's trace and span while tracing runs.
 */
export function logHttpRequests(app: NestFastifyApplication, logger: Logger): void {
  const requests = logger.child({ context: 'HTTP' });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      requests.info(
        {
          request_id: request.id,
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: reply.statusCode,
          duration_ms: Math.round(reply.elapsedTime * 100) / 100,
          ...traceFieldsOf(requestSpan(request)),
        },
        'request answered',
      );
      done();
    });
}
