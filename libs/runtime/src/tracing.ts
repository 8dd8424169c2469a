import type { FastifyOtelInstrumentation } from '@fastify/otel';
import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { readBoolean } from '#config';
import { SynchronousContextManager } from './synchronous-context-manager.js';
import type { TraceContextPropagation } from './trace-context-propagation.js';

/**
 * Tracing runs when any standard OTEL_ variable is set (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME,
 * ...), unless OTEL_SDK_DISABLED is true (read as every boolean is: yes, 1, ...) or OTEL_TRACES_EXPORTER=none.
 * Those variables alone configure it.
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (readBoolean(env, 'OTEL_SDK_DISABLED', false) || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return Object.keys(env).some((name) => name.startsWith('OTEL_') && env[name]);
}

/**
 * OpenTelemetry's Node SDK (exporter, sampler, resource and propagators from the OTEL_ variables; OTLP
 * by default), with one span per HTTP request from Fastify's own instrumentation, which continues an
 * incoming W3C `traceparent`. The spans of the messaging path are libs/outbox's and libs/messaging's.
 */
export class Tracing implements OnApplicationShutdown {
  private constructor(
    private readonly sdk: NodeSDK,
    private readonly http: FastifyOtelInstrumentation,
  ) {}

  /**
   * Starts the SDK (when tracingRequested: otherwise every span is a no-op). Loaded here, on demand: the
   * SDK and its exporters take about 0.3 s of a service's start, which every start without tracing saves.
   */
  static async start(
    serviceName: string,
    propagation: TraceContextPropagation,
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<Tracing> {
    const [{ NodeSDK }, { FastifyOtelInstrumentation }] = await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@fastify/otel'),
    ]);
    // One span per request: the spans Fastify would add per hook and for the handler say nothing here.
    const http = new FastifyOtelInstrumentation({
      instrumentHooks: false,
      instrumentHandler: false,
      // Scrapes and probes are not what a trace follows.
      ignorePaths: ({ url }) => url === '/metrics' || url.startsWith('/health'),
      requestHook: (span, request) => span.updateName(`${request.method} ${request.routeOptions.url ?? 'unmatched'}`),
    });
    const sdk = new NodeSDK({
      serviceName: env.OTEL_SERVICE_NAME || serviceName,
      instrumentations: [http],
      // Undefined: the SDK's AsyncLocalStorage context manager.
      contextManager: propagation === 'explicit' ? new SynchronousContextManager() : undefined,
    });
    sdk.start();
    return new Tracing(sdk, http);
  }

  /** Traces the HTTP requests: registered before the routes, which Nest adds at init. */
  async traceHttpRequests(app: NestFastifyApplication): Promise<void> {
    await app.register(this.http.plugin());
  }

  /** The service's module with this tracing in it, so that the last spans are exported at shutdown. */
  around(appModule: DynamicModule): DynamicModule {
    return { module: TracedServiceModule, imports: [appModule], providers: [{ provide: Tracing, useValue: this }] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sdk.shutdown();
  }
}

@Module({})
class TracedServiceModule {}
