import { createHash } from 'node:crypto';
import type { OrderLine } from '#events';

/**
 * What identifies a request to place an order, for the Idempotency-Key check: SHA-256 over the
 * validated body in a fixed shape, so a retry counts as the same request however its JSON was
 * spaced or its properties ordered, and a different customer, SKU, quantity or line order does not.
 */
export function requestFingerprint(request: { customerId: string; items: OrderLine[] }): string {
  const canonical = JSON.stringify([request.customerId, request.items.map(({ sku, quantity }) => [sku, quantity])]);
  return createHash('sha256').update(canonical).digest('hex');
}
