// The contract classes use decorator metadata (class-transformer's @Type).
import 'reflect-metadata';
export * from './sku.rule.js';
export * from './customer-id.rule.js';
export * from './order-line.js';
export * from './printable-text.js';
export * from './order-lines.rule.js';
export * from './order-created.event.js';
export * from './inventory-reserved.event.js';
export * from './inventory-rejected.event.js';
export * from './event-contracts.js';
export * from './event-envelope.js';
export * from './decode-envelope.js';
export * from './strict-json.js';
export * from './trace-context.js';
export * from './validate-event-data.js';
