import type { FlowHops } from '../bench-result.js';

/** The four hops of FlowHops in flow order, with the label the tables give them. */
export const HOP_NAMES = [
  ['orderCreatedPublish', 'order.created relay'],
  ['toInventory', 'to inventory'],
  ['answerPublish', 'answer relay'],
  ['toOrderService', 'to order-service'],
] as const;

/** The four hops on one line, for the progress display. */
export function formatHops(hops: FlowHops): string {
  return HOP_NAMES.map(([hop, label]) => `${label} ${hops[hop].p50Ms}/${hops[hop].p99Ms}`).join(', ');
}
