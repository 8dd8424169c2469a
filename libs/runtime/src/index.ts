// A service's runtime: its composition root, configuration, bootstrap and HTTP conventions.
export { AdminOnly } from './admin-token.guard.js';
export { BrokerOutboxPublisher } from './broker-outbox-publisher.js';
export {
  SERVICE_CONFIG,
  SERVICE_ENVIRONMENT_VARIABLES,
  type ServiceConfig,
  loadServiceConfig,
} from './service.config.js';
export { bootstrapService } from './bootstrap-service.js';
export { composeServiceModule } from './compose-service-module.js';
export { createOpenApiDocument, openApiInfo } from './openapi.js';
export { exitOnConfigurationError } from './exit-on-configuration-error.js';
export { fieldErrors } from './http-input.js';
export { HTTP_REQUEST_DURATION } from './http-metrics.js';
export { RequestTraceContext } from './request-trace-context.js';
