export * from './create-database.js';
export * from './database-url.js';
export * from './database.health.js';
export * from './database-outage.js';
export * from './persistence.module.js';
export * from './persistence.tokens.js';
export * from './persistence.config.js';
export * from './wal-checkpointer.js';
