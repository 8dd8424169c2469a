export * from './bootstrap-service.js';
export * from './service-runtime.module.js';
export * from './http-input.js';
export * from './service.config.js';
export * from './openapi.js';
export * from './admin-token.guard.js';
export * from './http-api.config.js';
export * from './strict-json.js';
