import { randomUUID } from 'node:crypto';
import { InventoryRejected } from './inventory-rejected.event.js';
import { OrderCreated } from './order-created.event.js';
import { InvalidEventDataError, validateEventData } from './validate-event-data.js';

describe('validateEventData', () => {
  const valid = { orderId: randomUUID(), customerId: 'c-1', items: [{ sku: 'SKU-1', quantity: 2 }] };

  it('returns a typed instance of a valid event', () => {
    const data = validateEventData(OrderCreated, valid);
    expect(data).toBeInstanceOf(OrderCreated);
    expect(data.items[0].quantity).toBe(2);
  });

  it.each([
    ['a missing field', { ...valid, customerId: undefined }, 'customerId'],
    ['a wrong type in a nested line', { ...valid, items: [{ sku: 'SKU-1', quantity: '2' }] }, 'items.0.quantity'],
    ['a lower-case SKU', { ...valid, items: [{ sku: 'sku-1', quantity: 2 }] }, 'items.0.sku'],
    ['no lines', { ...valid, items: [] }, 'items'],
    ['an unknown property', { ...valid, discount: 5 }, 'discount'],
    ['an order id that is not a UUID', { ...valid, orderId: '42' }, 'orderId'],
  ])('refuses %s and names the field', (_, data, field) => {
    expect(() => validateEventData(OrderCreated, data)).toThrow(InvalidEventDataError);
    expect(() => validateEventData(OrderCreated, data)).toThrow(field);
  });

  it('refuses a rejection reason outside the contract', () => {
    expect(() => validateEventData(InventoryRejected, { orderId: randomUUID(), reason: 'BAD_LUCK' })).toThrow('reason');
  });

  it.each([null, 'text', [1]])('refuses data that is not an object (%p)', (data) => {
    expect(() => validateEventData(OrderCreated, data)).toThrow(InvalidEventDataError);
  });
});
