import { Logger, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BROKER_TRANSPORT, type BrokerTransport } from '#messaging';
import { exitOnConfigurationError } from './exit-on-configuration-error.js';
import { HttpErrorsFilter } from './http-errors.filter.js';
import { applyHttpInputPolicy } from './http-input.js';
import { measureHttpRequests } from './http-metrics.js';
import { logHttpRequests } from './http-request-log.js';
import { applyHttpSecurity } from './http-security.js';
import { createOpenApiDocument, openApiInfo, serveOpenApi } from './openapi.js';
import { PinoNestLogger } from './pino-nest-logger.js';
import { createServiceLogger } from './service-logger.js';
import { Tracing, tracingRequested } from './tracing.js';
import type { ServiceConfig } from './service.config.js';

/**
 * Starts one service: HTTP API plus Nest's microservice consuming from the configured broker.
 * SIGTERM closes HTTP and consumers, drains the outbox and exits within SHUTDOWN_TIMEOUT_MS.
 */
export async function bootstrapService(appModule: DynamicModule, config: ServiceConfig): Promise<void> {
  const logger = createServiceLogger({
    serviceName: config.serviceName,
    level: config.logLevel,
    format: config.logFormat,
  });
  // OTEL_SDK_DISABLED is read here, from the environment the SDK reads: a bad value is refused like any other.
  const tracing = exitOnConfigurationError(() => tracingRequested())
    ? await Tracing.start(config.serviceName, config.traceContextPropagation)
    : null;
  const app = await NestFactory.create<NestFastifyApplication>(
    tracing?.around(appModule) ?? appModule,
    new FastifyAdapter(),
    {
      // The one body parser is the input policy's (http-input.ts).
      bodyParser: false,
      logger: new PinoNestLogger(logger),
      // From SIGTERM on, new requests get 503 and `Connection: close`: without it a client that keeps its
      // keep-alive connections busy holds the HTTP server open until the shutdown timeout kills the process.
      return503OnClosing: true,
    },
  );
  await applyHttpSecurity(app);
  await tracing?.traceHttpRequests(app);
  applyHttpInputPolicy(app);
  measureHttpRequests(app);
  logHttpRequests(app, logger);
  app.useGlobalFilters(new HttpErrorsFilter());
  if (config.http.apiDocs) serveOpenApi(app, createOpenApiDocument(app, openApiInfo(config.serviceName)));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const transport = app.get<BrokerTransport>(BROKER_TRANSPORT);
  app.connectMicroservice(transport.serverOptions());
  await app.init();
  await app.startAllMicroservices();
  // Every interface, IPv4 and IPv6 (Fastify alone would listen on localhost only).
  await app.listen(config.port, '::');
  Logger.log(`${config.serviceName} listening on :${config.port} with ${config.messaging.broker}`, 'Bootstrap');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Nest's shutdown hooks do the orderly part; this only bounds how long it may take.
      setTimeout(() => {
        Logger.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`, 'Bootstrap');
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
    });
  }
}
