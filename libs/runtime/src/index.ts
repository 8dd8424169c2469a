export * from './bootstrap-service.js';
export * from './health.module.js';
export * from './http-input.js';
export * from './service.config.js';
