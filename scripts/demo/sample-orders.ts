/** One demo run's stock and orders: SKUs unique to the run, so runs on long-lived services never meet. */
export interface SampleOrder {
  customerId: string;
  items: Array<{ sku: string; quantity: number }>;
  /** The status (and rejection reason) the order must settle as. */
  expect: string;
}

export interface SampleRun {
  stock: Record<string, number>;
  orders: SampleOrder[];
  /** A SKU nobody stocks, ordered once. */
  unknownSku: string;
}

export function sampleRun(run = Date.now().toString(36).slice(-4).toUpperCase()): SampleRun {
  const sku = (name: string) => `${name}-${run}`;
  const [KEYBOARD, MOUSE, MONITOR, TRACKBALL] = [sku('KEYBOARD'), sku('MOUSE'), sku('MONITOR'), sku('TRACKBALL')];
  return {
    stock: { [KEYBOARD]: 5, [MOUSE]: 3, [MONITOR]: 1 },
    unknownSku: TRACKBALL,
    orders: [
      {
        customerId: 'alice',
        items: [
          { sku: KEYBOARD, quantity: 2 },
          { sku: MOUSE, quantity: 1 },
        ],
        expect: 'CONFIRMED',
      },
      { customerId: 'bob', items: [{ sku: MONITOR, quantity: 1 }], expect: 'CONFIRMED' },
      {
        customerId: 'carol',
        items: [
          { sku: KEYBOARD, quantity: 1 },
          { sku: MONITOR, quantity: 1 },
        ],
        expect: 'REJECTED OUT_OF_STOCK',
      },
      { customerId: 'dave', items: [{ sku: TRACKBALL, quantity: 1 }], expect: 'REJECTED UNKNOWN_SKU' },
      {
        customerId: 'erin',
        items: [
          { sku: KEYBOARD, quantity: 3 },
          { sku: MOUSE, quantity: 2 },
        ],
        expect: 'CONFIRMED',
      },
      { customerId: 'frank', items: [{ sku: MOUSE, quantity: 1 }], expect: 'REJECTED OUT_OF_STOCK' },
    ],
  };
}
