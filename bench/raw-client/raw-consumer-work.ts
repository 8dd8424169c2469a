import { DEFAULT_MAX_EVENT_BYTES, decodeEnvelope, OrderCreated, validateEventData } from '#events';

/**
 * What a raw consumer does with each delivery. `count` takes it as it comes; `decode` does what the
 * messaging path does before any handler sees an event: parse the CloudEvent within the size limit
 * and validate its data against the contract, so that the two differ by the path itself only.
 */
export type RawConsumerWork = 'count' | 'decode';

export function takeDelivery(work: RawConsumerWork, body: Buffer | string | null | undefined): void {
  if (work === 'count') return;
  if (body === null || body === undefined) throw new Error('a bench delivery without a body');
  validateEventData(OrderCreated, decodeEnvelope(body, { maxBytes: DEFAULT_MAX_EVENT_BYTES }).data);
}

/** The layer each kind of raw consumer reports as. */
export const RAW_LAYER = { count: 'raw-client', decode: 'raw-client-decoding' } as const;

/** How the layer's note ends: what its consumer did with each delivery. */
export const describeWork = (work: RawConsumerWork) =>
  work === 'decode'
    ? 'the consumer decodes each event and validates its data (the contract)'
    : 'the consumer only counts';
