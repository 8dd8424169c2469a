import { randomUUID } from 'node:crypto';
import type { OrderSystem } from '#testing';

export interface PlacedOrder {
  id: string;
  items: Array<{ sku: string; quantity: number }>;
}

export interface LoadOptions {
  count: number;
  concurrency?: number;
  /** How long one order may keep being retried (e.g. while order-service restarts). */
  perOrderDeadlineMs?: number;
  /** Orders started per second, so that a fault injected mid-stream really lands mid-stream. */
  ratePerSecond?: number;
  /** No further order is started once this is true: a load that lasts as long as a fault does. */
  until?: () => boolean;
}

/**
 * Places orders the way a careful client does: each with its own Idempotency-Key, retried on
 * connection errors, 5xx and 409 until it gets 201. Only orders that got 201 count as placed.
 */
export class OrderLoad {
  readonly placed: PlacedOrder[] = [];
  failed = 0;

  constructor(
    private readonly system: OrderSystem,
    private readonly skus: string[],
    private readonly customerId: string,
  ) {}

  async run({ count, concurrency = 16, perOrderDeadlineMs = 60_000, ratePerSecond = 150, until }: LoadOptions) {
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < count && !until?.()) {
        const index = next++;
        const due = started + (index * 1_000) / ratePerSecond;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        const items = this.itemsFor(index);
        const order = await this.placeWithRetries(items, perOrderDeadlineMs);
        if (order) this.placed.push(order);
        else this.failed += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return this.placed;
  }

  /** One or two lines over the SKUs, deterministic per index so runs are comparable. */
  private itemsFor(index: number): PlacedOrder['items'] {
    const first = this.skus[index % this.skus.length];
    const second = this.skus[(index * 7 + 3) % this.skus.length];
    const items = [{ sku: first, quantity: 1 + (index % 3) }];
    if (index % 4 === 0 && second !== first) items.push({ sku: second, quantity: 1 });
    return items;
  }

  private async placeWithRetries(items: PlacedOrder['items'], deadlineMs: number): Promise<PlacedOrder | undefined> {
    const key = randomUUID();
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; Date.now() < deadline; attempt += 1) {
      try {
        const response = await this.system.placeOrder(
          { customerId: this.customerId, items },
          { 'Idempotency-Key': key },
        );
        if (response.status === 201) return { id: ((await response.json()) as { id: string }).id, items };
        await response.body?.cancel();
        // 409: the first attempt with this key is still in flight (or died and its lease has not run out yet).
        if (response.status < 500 && response.status !== 409) throw new Error(`order refused with ${response.status}`);
      } catch (error) {
        if ((error as Error).message.startsWith('order refused')) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * attempt)));
    }
    return undefined;
  }
}
