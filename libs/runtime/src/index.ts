export * from './bootstrap-service.js';
export * from './service-runtime.module.js';
export * from './http-input.js';
export * from './service.config.js';
export * from './openapi.js';
export * from './log-level.js';
export * from './exit-on-configuration-error.js';
