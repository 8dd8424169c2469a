import { randomUUID } from 'node:crypto';
import type { BrokerName } from '#messaging';
import { OrderLoad } from './order-load.js';
import { OrderSystem, type SystemOptions, uniqueSku } from '#testing';

/** A system under fault plus its stock and load, all unique to one scenario run. */
export interface FaultRun {
  system: OrderSystem;
  /** Appears in every order and injected message of this run, to tell them from leftovers. */
  marker: string;
  stock: Map<string, number>;
  load: OrderLoad;
  stop(): Promise<void>;
}

export async function startFaultRun(
  broker: BrokerName,
  options: Partial<SystemOptions> = {},
  { skus = 20, unitsPerSku = 100 } = {},
): Promise<FaultRun> {
  const system = await OrderSystem.start({ broker, orderDatabase: 'sqlite', inventoryDatabase: 'sqlite', ...options });
  const marker = `fault-${randomUUID()}`;
  const stock = new Map<string, number>();
  for (let index = 0; index < skus; index += 1) stock.set(uniqueSku(`F${index}`), unitsPerSku);
  for (const [sku, available] of stock) await system.putStock(sku, available);
  return {
    system,
    marker,
    stock,
    load: new OrderLoad(system, [...stock.keys()], marker),
    stop: () => system.stop(),
  };
}
