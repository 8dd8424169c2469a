// The contract classes use decorator metadata (class-transformer's @Type).
import 'reflect-metadata';
// The event contracts every service shares: types, envelopes, payload classes and the rules they use.
export { CLOUDEVENTS_CONTENT_TYPE, type EventEnvelope, createEnvelope, encodeEnvelope } from './event-envelope.js';
export { type EventTraceContext, traceContextOf, traceContextToSend, validTraceContext } from './event-trace.js';
export { CUSTOMER_ID_LENGTH, CustomerId } from './customer-id.rule.js';
export { type ConsumingService, EVENT_CONTRACTS, EVENT_TYPES, PUBLICATIONS, SUBSCRIPTIONS } from './event-contracts.js';
export { DEFAULT_MAX_EVENT_BYTES, decodeEnvelope } from './decode-envelope.js';
export {
  INVENTORY_REJECTED,
  InventoryRejected,
  REJECTION_REASONS,
  type RejectionReason,
} from './inventory-rejected.event.js';
export { INVENTORY_RESERVED, InventoryReserved } from './inventory-reserved.event.js';
export { InvalidEventDataError, validateEventData } from './validate-event-data.js';
export { JsonShapeError, checkJsonShape } from './strict-json.js';
export { MAX_ORDER_LINES, MIN_ORDER_LINES, OrderLines } from './order-lines.rule.js';
export { ORDER_CREATED, OrderCreated } from './order-created.event.js';
export { OrderLine } from './order-line.js';
export { PRINTABLE_TEXT_PATTERN } from './printable-text.js';
export { SKU_PATTERN } from './sku.rule.js';
export { newTimeOrderedId } from './time-ordered-id.js';
