import type { Migration } from 'kysely';
import { keyInboxBySource } from './inbox-keyed-by-source.migration.js';
import { addOutboxDeliveryState } from './outbox-delivery-state.migration.js';
import { createOutboxAndInbox } from './outbox-and-inbox.migration.js';

/**
 * The outbox and inbox tables, for the database's migrations next to the service's own (the names are
 * those already recorded in existing databases: they must never change).
 */
export const OUTBOX_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0000-outbox-and-inbox': createOutboxAndInbox,
  '0001-inbox-keyed-by-source': keyInboxBySource,
  '0002-outbox-delivery-state': addOutboxDeliveryState,
};
