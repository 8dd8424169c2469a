import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Histogram, register } from 'prom-client';

export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';

/**
 * Times every answer, by method, route and status. The route label is the route's template
 * (`/orders/:id`), never the path a client sent, and `unmatched` for a path no route has: a client
 * cannot create label values.
 */
export function measureHttpRequests(app: NestFastifyApplication): void {
  const duration =
    (register.getSingleMetric(HTTP_REQUEST_DURATION) as Histogram<'method' | 'route' | 'status_code'> | undefined) ??
    new Histogram({
      name: HTTP_REQUEST_DURATION,
      help: 'HTTP requests by method, route template and status code: time from receiving to answering',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      duration.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
        reply.elapsedTime / 1_000,
      );
      done();
    });
}
