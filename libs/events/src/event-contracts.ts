import { INVENTORY_REJECTED, InventoryRejected } from './inventory-rejected.event.js';
import { INVENTORY_RESERVED, InventoryReserved } from './inventory-reserved.event.js';
import { ORDER_CREATED, OrderCreated } from './order-created.event.js';

/** Every event type of the system and the class its data must satisfy. */
export const EVENT_CONTRACTS = {
  [ORDER_CREATED]: OrderCreated,
  [INVENTORY_RESERVED]: InventoryReserved,
  [INVENTORY_REJECTED]: InventoryRejected,
} as const;

export type EventType = keyof typeof EVENT_CONTRACTS;
export const EVENT_TYPES = Object.keys(EVENT_CONTRACTS) as EventType[];

/** Which service consumes which event types: the topology every broker is provisioned from. */
export const SUBSCRIPTIONS = {
  'order-service': [INVENTORY_RESERVED, INVENTORY_REJECTED],
  'inventory-service': [ORDER_CREATED],
} as const satisfies Record<string, readonly EventType[]>;

export type ConsumingService = keyof typeof SUBSCRIPTIONS;

/** Which service publishes which event types: what its broker user may send (see rabbitmqPermissions). */
export const PUBLICATIONS = {
  'order-service': [ORDER_CREATED],
  'inventory-service': [INVENTORY_RESERVED, INVENTORY_REJECTED],
} as const satisfies Record<ConsumingService, readonly EventType[]>;
