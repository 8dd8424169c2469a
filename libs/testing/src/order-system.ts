import type { BrokerName } from '#messaging';
import { createDatabase, parseDatabaseUrl } from '#persistence';
import type { Kysely } from 'kysely';
import { waitFor } from './poll.js';
import { ServiceProcess } from './service-process.js';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from './test-databases.js';

export interface OrderView {
  id: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED';
  customerId: string;
  items: Array<{ sku: string; quantity: number }>;
  rejectionReason?: string;
  createdAt: string;
}

export interface SystemOptions {
  broker: BrokerName;
  orderDatabase: 'sqlite' | 'postgres';
  inventoryDatabase: 'sqlite' | 'postgres';
  env?: NodeJS.ProcessEnv;
  /** Options for node itself in both services (e.g. --cpu-prof). */
  nodeArguments?: string[];
  /** Processes of each service (default one each); several share their service's database, so PostgreSQL. */
  instances?: { orders?: number; inventory?: number };
}

/**
 * Both services on one broker, each with a database of its own, plus the HTTP calls a user makes.
 * Scaled out, each service runs as several processes on its one database, and orders are placed with
 * each order-service instance in turn, as a load balancer would.
 */
export class OrderSystem {
  private nextOrderInstance = 0;

  private constructor(
    /** A little before the services started: what they dead-letter is dead-lettered after it. */
    readonly startedAt: Date,
    readonly broker: BrokerName,
    readonly orderInstances: ServiceProcess[],
    readonly inventoryInstances: ServiceProcess[],
    private readonly databases: { orders: TestDatabase; inventory: TestDatabase },
    /** The ADMIN_TOKEN the services run with, if any: stock administration sends it. */
    readonly adminToken: string | undefined,
  ) {}

  static async start(options: SystemOptions): Promise<OrderSystem> {
    const { orders: orderCount = 1, inventory: inventoryCount = 1 } = options.instances ?? {};
    if (
      (orderCount > 1 && options.orderDatabase !== 'postgres') ||
      (inventoryCount > 1 && options.inventoryDatabase !== 'postgres')
    )
      throw new Error('several instances of a service share its database: that takes PostgreSQL, not SQLite');
    const startedAt = new Date(Date.now() - 1_000);
    const open = (kind: 'sqlite' | 'postgres', label: string) =>
      kind === 'postgres' ? postgresDatabase(label) : Promise.resolve(sqliteDatabase(label));
    const databases = {
      orders: await open(options.orderDatabase, 'orders'),
      inventory: await open(options.inventoryDatabase, 'inventory'),
    };
    const env = { BROKER: options.broker, ...options.env };
    const startInstances = (name: 'order-service' | 'inventory-service', count: number, databaseUrl: string) =>
      Array.from({ length: count }, () =>
        ServiceProcess.start(name, { ...env, DATABASE_URL: databaseUrl }, options.nodeArguments),
      );
    // Every instance at once, as a deployment starts them: the databases are new, so no outbox holds an
    // event, and no order is placed before every instance (inventory's queue among them) is ready.
    const starts = [
      ...startInstances('inventory-service', inventoryCount, databases.inventory.url),
      ...startInstances('order-service', orderCount, databases.orders.url),
    ];
    const outcomes = await Promise.allSettled(starts);
    const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      // A service that cannot start fails the test; what was started for it must not outlive it.
      await Promise.all(started.map((instance) => instance.stop()));
      await Promise.all([databases.orders.drop(), databases.inventory.drop()]);
      throw failure.reason;
    }
    const inventory = started.slice(0, inventoryCount);
    const orders = started.slice(inventoryCount);
    const adminToken = (options.env && 'ADMIN_TOKEN' in options.env ? options.env : process.env).ADMIN_TOKEN;
    return new OrderSystem(startedAt, options.broker, orders, inventory, databases, adminToken || undefined);
  }

  /** The (first) order-service instance. */
  get orders(): ServiceProcess {
    return this.orderInstances[0];
  }

  /** The (first) inventory-service instance. */
  get inventory(): ServiceProcess {
    return this.inventoryInstances[0];
  }

  async stop(): Promise<void> {
    await Promise.all([...this.orderInstances, ...this.inventoryInstances].map((instance) => instance.stop()));
    await Promise.all([this.databases.orders.drop(), this.databases.inventory.drop()]);
  }

  databaseUrl(service: 'orders' | 'inventory'): string {
    return this.databases[service].url;
  }

  /** Direct read access to a service's database, for checks the API does not offer. */
  openDatabase<DB>(service: 'orders' | 'inventory'): Kysely<DB> {
    return createDatabase<DB>(parseDatabaseUrl(this.databases[service].url));
  }

  placeOrder(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const instance = this.orderInstances[this.nextOrderInstance++ % this.orderInstances.length];
    return fetch(`${instance.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async placeValidOrder(body: unknown, headers: Record<string, string> = {}): Promise<OrderView> {
    const response = await this.placeOrder(body, headers);
    if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as OrderView;
  }

  async getOrder(id: string): Promise<OrderView> {
    const response = await fetch(`${this.orders.url}/orders/${id}`);
    if (!response.ok) throw new Error(`GET /orders/${id} answered ${response.status}`);
    return (await response.json()) as OrderView;
  }

  /** Polls the order until it leaves PENDING. */
  async waitUntilSettled(id: string, timeoutMs = 30_000): Promise<OrderView> {
    return waitFor(
      `order ${id} to settle`,
      async () => {
        const order = await this.getOrder(id);
        return order.status !== 'PENDING' && order;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }

  async putStock(sku: string, available: number): Promise<void> {
    const response = await fetch(`${this.inventory.url}/stock/${sku}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        ...(this.adminToken ? { authorization: `Bearer ${this.adminToken}` } : {}),
      },
      body: JSON.stringify({ available }),
    });
    if (!response.ok) throw new Error(`PUT /stock/${sku} answered ${response.status}: ${await response.text()}`);
  }

  async getStock(sku: string): Promise<{ sku: string; available: number; reserved: number }> {
    const response = await fetch(`${this.inventory.url}/stock/${sku}`);
    if (!response.ok) throw new Error(`GET /stock/${sku} answered ${response.status}`);
    return response.json() as Promise<{ sku: string; available: number; reserved: number }>;
  }
}

/** SKUs unique to one run, so runs against long-lived brokers and databases never interfere. */
export function uniqueSku(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase().slice(0, 32);
}
