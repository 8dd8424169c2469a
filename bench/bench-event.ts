import { randomUUID } from 'node:crypto';
import { createEnvelope, encodeEnvelope, type EventEnvelope, type OrderCreated } from '#events';

/**
 * The one event type of the bench: its own topic, queue binding and SNS topic, so that no bench
 * message ever reaches the real services, whose order.created it otherwise resembles.
 */
export const BENCH_EVENT_TYPE = 'bench.ping';
export const BENCH_SOURCE = '/bench';

/** A realistic order.created-shaped CloudEvent (about 420 B) as the project itself builds it. */
export function benchEnvelope(): EventEnvelope<OrderCreated> {
  const orderId = randomUUID();
  return createEnvelope<OrderCreated>({
    type: BENCH_EVENT_TYPE,
    source: BENCH_SOURCE,
    subject: orderId,
    data: {
      orderId,
      customerId: 'customer-4711',
      items: [
        { sku: 'KEYBOARD-1', quantity: 2 },
        { sku: 'MOUSE-7', quantity: 1 },
        { sku: 'USB-C-CABLE-2M', quantity: 3 },
      ],
    },
  });
}

/** The bytes every layer sends (layer c sends envelopes of the same shape, each with its own id). */
export function benchEventBytes(): Buffer {
  return encodeEnvelope(benchEnvelope());
}
