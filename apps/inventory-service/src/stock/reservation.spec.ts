import { decideReservation, mergeLines } from './reservation.js';

describe('reservation rules', () => {
  const stock = [
    { sku: 'A', available: 5 },
    { sku: 'B', available: 1 },
  ];

  it('reserves when every SKU has enough', () => {
    expect(
      decideReservation(
        [
          { sku: 'A', quantity: 5 },
          { sku: 'B', quantity: 1 },
        ],
        stock,
      ),
    ).toEqual({
      outcome: 'reserved',
      lines: [
        { sku: 'A', quantity: 5 },
        { sku: 'B', quantity: 1 },
      ],
    });
  });

  it('rejects the whole order when one SKU is short', () => {
    expect(
      decideReservation(
        [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 2 },
        ],
        stock,
      ),
    ).toEqual({
      outcome: 'rejected',
      reason: 'OUT_OF_STOCK',
      sku: 'B',
    });
  });

  it('reports an unknown SKU before a shortage', () => {
    expect(
      decideReservation(
        [
          { sku: 'B', quantity: 9 },
          { sku: 'Z', quantity: 1 },
        ],
        stock,
      ),
    ).toEqual({
      outcome: 'rejected',
      reason: 'UNKNOWN_SKU',
      sku: 'Z',
    });
  });

  it('adds up repeated SKUs before comparing with stock', () => {
    expect(
      decideReservation(
        [
          { sku: 'A', quantity: 3 },
          { sku: 'A', quantity: 3 },
        ],
        stock,
      ),
    ).toMatchObject({
      outcome: 'rejected',
      reason: 'OUT_OF_STOCK',
      sku: 'A',
    });
  });

  it('merges and sorts lines by SKU so row locks are always taken in one order', () => {
    expect(
      mergeLines([
        { sku: 'B', quantity: 1 },
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 4 },
    ]);
  });
});
