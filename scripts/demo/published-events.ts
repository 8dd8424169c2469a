import { INVENTORY_REJECTED, INVENTORY_RESERVED, ORDER_CREATED } from '#events';
import { EVENTS_PUBLISHED } from '#messaging';
import { pollUntil } from './poll-until.js';

const INVENTORY_ANSWERS = [INVENTORY_RESERVED, INVENTORY_REJECTED];

/** Events a service's broker confirmed, by type, as its GET /metrics counts them. */
export async function publishedCounts(serviceUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${serviceUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${serviceUrl}/metrics answered ${response.status}`);
  return countsByType(await response.text());
}

/** The `events_published_total` samples of a Prometheus text exposition, by their `type` label. */
export function countsByType(metrics: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${EVENTS_PUBLISHED}{`)) continue;
    const type = /[{,]type="([^"]*)"/.exec(line)?.[1];
    const value = Number(
      line
        .slice(line.lastIndexOf('}') + 1)
        .trim()
        .split(/\s+/)[0],
    );
    if (type && Number.isFinite(value)) counts.set(type, (counts.get(type) ?? 0) + value);
  }
  return counts;
}

/**
 * Follows an order through what each service says it published, so the demo needs no broker
 * client or credentials of its own: the next `order.created` order-service publishes, and the next
 * answer inventory-service publishes, belong to the order just placed, since the demo places one
 * order at a time (orders someone else places meanwhile would be counted as well).
 */
export class PublishedEvents {
  private constructor(
    private readonly orderUrl: string,
    private readonly inventoryUrl: string,
    private created: number,
    private answers: Map<string, number>,
  ) {}

  static async start(orderUrl: string, inventoryUrl: string): Promise<PublishedEvents> {
    const [orders, inventory] = await Promise.all([publishedCounts(orderUrl), publishedCounts(inventoryUrl)]);
    return new PublishedEvents(orderUrl, inventoryUrl, orders.get(ORDER_CREATED) ?? 0, inventory);
  }

  /** Resolves once order-service published one more `order.created`. */
  async orderCreated(timeoutMs = 20_000): Promise<void> {
    this.created = await pollUntil(
      `order-service to publish ${ORDER_CREATED}`,
      async () => {
        const count = (await publishedCounts(this.orderUrl)).get(ORDER_CREATED) ?? 0;
        return count > this.created ? this.created + 1 : undefined;
      },
      { timeoutMs },
    );
  }

  /** The type of the next answer inventory-service published (`inventory.reserved` or `inventory.rejected`). */
  async inventoryAnswer(timeoutMs = 20_000): Promise<string> {
    return pollUntil(
      "inventory-service's answer",
      async () => {
        const counts = await publishedCounts(this.inventoryUrl);
        const type = INVENTORY_ANSWERS.find((answer) => (counts.get(answer) ?? 0) > (this.answers.get(answer) ?? 0));
        if (type) this.answers.set(type, (this.answers.get(type) ?? 0) + 1);
        return type;
      },
      { timeoutMs },
    );
  }
}
