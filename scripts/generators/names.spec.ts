import { eventNames, serviceName } from './names.js';

describe('generator names', () => {
  it('names an event type the way the existing contracts are named', () => {
    expect(eventNames('inventory.reserved')).toEqual({
      type: 'inventory.reserved',
      constant: 'INVENTORY_RESERVED',
      contract: 'InventoryReserved',
      file: 'inventory-reserved.event.ts',
      id: 'inventoryReserved',
    });
    expect(eventNames('cold-store.slot-booked').constant).toBe('COLD_STORE_SLOT_BOOKED');
  });

  it('takes a service with or without its -service suffix, and refuses other names', () => {
    expect(serviceName('shipping')).toBe('shipping-service');
    expect(serviceName('shipping-service')).toBe('shipping-service');
    for (const bad of ['Shipping', '1shipping', 'ship_ping', 'shipping-', '', '../x']) {
      expect(() => serviceName(bad)).toThrow('is not a service name');
    }
    for (const bad of ['shipment', 'Shipment.Scheduled', 'shipment..scheduled', 'shipment.scheduled.']) {
      expect(() => eventNames(bad)).toThrow('is not an event type');
    }
  });
});
