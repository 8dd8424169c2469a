export { OUTBOX_MIGRATIONS } from './outbox.migrations.js';
export { OutboxModule, type OutboxOptions } from './outbox.module.js';
export type { OutboxPublisher } from './outbox-publisher.js';
export { OutboxRelay } from './outbox-relay.js';
export type { OutboxTables } from './outbox.table.js';
export { addToOutbox } from './outbox.js';
export {
  listParkedOutboxRows,
  unparkAllOutboxRows,
  unparkOutboxRows,
  type ParkedOutboxRow,
} from './parked-outbox-rows.js';
export { RetentionPruner } from './retention-pruner.js';
export { UnitOfWork, type ConsumedEvent, type Consumption, type OutboxWriter, type Work } from './unit-of-work.js';
