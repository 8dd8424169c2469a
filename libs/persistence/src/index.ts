// What services and tools use of the database: its module, connection, URL and health.
export { DATABASE, DATABASE_LOCATION } from './persistence.tokens.js';
export { DatabaseHealthIndicator } from './database.health.js';
export { type DatabaseLocation, parseDatabaseUrl } from './database-url.js';
export { PersistenceModule, type PersistenceOptions, migrateDatabase } from './persistence.module.js';
export { WalCheckpointer } from './wal-checkpointer.js';
export { createDatabase } from './create-database.js';
export { isDatabaseOutage } from './database-outage.js';
