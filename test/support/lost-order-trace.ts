import type { OutboxTables } from '#outbox';
import type { OrderSystem } from '#testing';
import type { Kysely, Selectable } from 'kysely';

/**
 * Where each order that never settled stopped on its way, read from both services' outboxes and
 * inboxes: a lost order is a finding, and this says which hop to look at.
 */
export async function traceLostOrders(system: OrderSystem, orderIds: string[]): Promise<string[]> {
  const orders = system.openDatabase<OutboxTables>('orders');
  const inventory = system.openDatabase<OutboxTables>('inventory');
  try {
    const lines: string[] = [];
    for (const orderId of orderIds) lines.push(`order ${orderId}: ${await whereItStopped(orders, inventory, orderId)}`);
    return lines;
  } finally {
    await Promise.all([orders.destroy(), inventory.destroy()]);
  }
}

/** Waits for the order to settle; when it does not, the error says where it stopped and what the services said. */
export async function settledOrTraced(system: OrderSystem, orderId: string, timeoutMs: number, during: string) {
  try {
    return await system.waitUntilSettled(orderId, timeoutMs);
  } catch (error) {
    const [trace] = await traceLostOrders(system, [orderId]);
    throw new Error(`${(error as Error).message} ${during}; ${trace}\n${serviceLogTails(system, 1_500)}`, {
      cause: error,
    });
  }
}

/** What each service instance said last (and how often it dead-lettered): the context of a finding. */
export function serviceLogTails(system: OrderSystem, characters: number): string {
  return [...system.orderInstances, ...system.inventoryInstances]
    .map((instance) => {
      const deadLettering = instance.logs.split('\n').filter((line) => line.includes('dead-letter'));
      return (
        `--- ${instance.name} (pid ${instance.pid}): ${deadLettering.length} lines on dead-lettering\n` +
        `${deadLettering.slice(-5).join('\n')}\nlast lines:\n${instance.logs.slice(-characters)}`
      );
    })
    .join('\n');
}

async function whereItStopped(
  orders: Kysely<OutboxTables>,
  inventory: Kysely<OutboxTables>,
  orderId: string,
): Promise<string> {
  const created = await outboxRow(orders, orderId);
  if (!created) return 'no order.created in order-service’s outbox';
  if (!created.published_at) return `order.created not published (${describeUnpublished(created)})`;
  if (!(await inInbox(inventory, created.id)))
    return `order.created ${created.id} published, never handled by inventory-service`;
  const answer = await outboxRow(inventory, orderId);
  if (!answer) return 'handled by inventory-service, which wrote no answer';
  if (!answer.published_at) return `answer not published (${describeUnpublished(answer)})`;
  if (!(await inInbox(orders, answer.id))) return `answer ${answer.id} published, never handled by order-service`;
  return 'answer handled by order-service, yet the order is not settled';
}

function outboxRow(db: Kysely<OutboxTables>, orderId: string) {
  return db.selectFrom('outbox').selectAll().where('subject', '=', orderId).executeTakeFirst();
}

async function inInbox(db: Kysely<OutboxTables>, eventId: string): Promise<boolean> {
  return (
    (await db.selectFrom('inbox').select('event_id').where('event_id', '=', eventId).executeTakeFirst()) !== undefined
  );
}

function describeUnpublished(row: Selectable<OutboxTables['outbox']>): string {
  if (row.parked_at) return `parked at ${row.parked_at} after ${row.attempts} attempts: ${row.last_error}`;
  return `${row.attempts} failed attempts${row.last_error ? `, last: ${row.last_error}` : ''}`;
}
