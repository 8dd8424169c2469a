export { OUTBOX_MIGRATIONS } from './outbox.migrations.js';
export { OutboxModule } from './outbox.module.js';
export type { OutboxPublisher } from './outbox-publisher.js';
export { OutboxRelay } from './outbox-relay.js';
export type { OutboxTables } from './outbox.table.js';
export { addToOutbox } from './outbox.js';
export { listParkedOutboxRows, unparkAllOutboxRows, unparkOutboxRows } from './parked-outbox-rows.js';
export { RetentionPruner } from './retention-pruner.js';
export { UnitOfWork, type OutboxWriter } from './unit-of-work.js';
