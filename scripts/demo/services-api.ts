import { pollUntil } from './poll-until.js';

export interface OrderView {
  id: string;
  status: string;
  rejectionReason?: string;
}

export interface StockLevel {
  sku: string;
  available: number;
  reserved: number;
}

/** The HTTP calls the demo makes, as any client would: the contract's API and nothing else. */
export class ServicesApi {
  constructor(
    readonly orderUrl: string,
    readonly inventoryUrl: string,
    /** Sent as a bearer token to PUT /stock, which requires it when the services have an ADMIN_TOKEN. */
    private readonly adminToken?: string,
  ) {}

  async waitUntilReady(timeoutMs: number): Promise<void> {
    for (const url of [this.inventoryUrl, this.orderUrl]) {
      await pollUntil(`${url}/health/ready`, async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined), {
        timeoutMs,
        intervalMs: 1_000,
      });
    }
  }

  async putStock(sku: string, available: number): Promise<void> {
    const response = await fetch(`${this.inventoryUrl}/stock/${sku}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        ...(this.adminToken ? { authorization: `Bearer ${this.adminToken}` } : {}),
      },
      body: JSON.stringify({ available }),
    });
    if (!response.ok) throw new Error(`PUT /stock/${sku} answered ${response.status}: ${await response.text()}`);
  }

  async getStock(sku: string): Promise<StockLevel | undefined> {
    const response = await fetch(`${this.inventoryUrl}/stock/${sku}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET /stock/${sku} answered ${response.status}`);
    return (await response.json()) as StockLevel;
  }

  async placeOrder(body: object): Promise<OrderView> {
    const response = await fetch(`${this.orderUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as OrderView;
  }

  /** Polls GET /orders/:id until the order leaves PENDING. */
  waitUntilSettled(id: string, timeoutMs = 30_000): Promise<OrderView> {
    return pollUntil(
      `order ${id} to settle`,
      async () => {
        const response = await fetch(`${this.orderUrl}/orders/${id}`);
        if (!response.ok) throw new Error(`GET /orders/${id} answered ${response.status}`);
        const order = (await response.json()) as OrderView;
        return order.status === 'PENDING' ? undefined : order;
      },
      { timeoutMs },
    );
  }
}
