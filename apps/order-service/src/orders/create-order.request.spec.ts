import { randomUUID } from 'node:crypto';
import { OrderCreated } from '#events';
import { fieldErrors } from '#runtime';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateOrderRequest } from './create-order.request.js';

/** What the HTTP API answers about each field (as in a 400), and what order.created says of the same data. */
const refusals = (contract: typeof CreateOrderRequest | typeof OrderCreated, data: object) =>
  fieldErrors(validateSync(plainToInstance(contract, data), { whitelist: true, forbidNonWhitelisted: true }));

describe('POST /orders and order.created: one set of rules', () => {
  const line = { sku: 'KEYBOARD-1', quantity: 2 };
  const cases: Array<[string, { customerId?: unknown; items?: unknown }]> = [
    ['a valid order', { customerId: 'alice', items: [line] }],
    ['no customer', { items: [line] }],
    ['an empty customer', { customerId: '', items: [line] }],
    ['a customer of 65 characters', { customerId: 'a'.repeat(65), items: [line] }],
    ['a customer with a control character', { customerId: 'al\u001bice', items: [line] }],
    ['items that are not an array', { customerId: 'alice', items: 'KEYBOARD-1' }],
    ['no lines', { customerId: 'alice', items: [] }],
    ['51 lines', { customerId: 'alice', items: Array.from({ length: 51 }, () => line) }],
    ['a lower-case SKU', { customerId: 'alice', items: [{ sku: 'keyboard-1', quantity: 2 }] }],
    ['a SKU of 33 characters', { customerId: 'alice', items: [{ sku: 'A'.repeat(33), quantity: 2 }] }],
    ['a quantity of 0', { customerId: 'alice', items: [{ sku: 'KEYBOARD-1', quantity: 0 }] }],
    ['a quantity over 1000', { customerId: 'alice', items: [{ sku: 'KEYBOARD-1', quantity: 1001 }] }],
    ['a fractional quantity', { customerId: 'alice', items: [{ sku: 'KEYBOARD-1', quantity: 1.5 }] }],
    // An array is validated element by element, so an empty one inside would check nothing at all.
    ['a line that is an empty array', { customerId: 'alice', items: [[]] }],
    ['a line that is an array of lines', { customerId: 'alice', items: [[line]] }],
    ['a line that is null', { customerId: 'alice', items: [null] }],
    ['a line that is a string', { customerId: 'alice', items: ['KEYBOARD-1'] }],
  ];

  it.each(cases)('%s: the same answer, message for message', (_, order) => {
    expect(refusals(OrderCreated, { orderId: randomUUID(), ...order })).toEqual(refusals(CreateOrderRequest, order));
  });

  it('accepts the valid order and refuses every other case', () => {
    const refused = cases.filter(([, order]) => refusals(CreateOrderRequest, order).length > 0);
    expect(refused.map(([name]) => name)).toEqual(cases.slice(1).map(([name]) => name));
  });
});
