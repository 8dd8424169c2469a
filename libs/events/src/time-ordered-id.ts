import { v7 } from 'uuid';

/**
 * A new UUID whose leading bits are the time it was made (RFC 9562 version 7, monotonic within the
 * process). Order ids and event ids are primary keys of the orders, outbox and inbox tables: ids that
 * grow with time land on the last page of those B-trees, where random ones (version 4) dirty a page
 * of their own in each commit. Node 20 has no built-in v7, hence the uuid package.
 */
export function newTimeOrderedId(): string {
  return v7();
}
