import { rabbitmqPermissions } from './rabbitmq.permissions.js';

/** RabbitMQ matches permission regexes with PCRE against the whole name; JavaScript's RegExp agrees on these. */
const allows = (pattern: string, name: string) => new RegExp(pattern).test(name);

describe('rabbitmqPermissions', () => {
  const permissions = rabbitmqPermissions('order-service', {
    consumes: ['inventory.reserved', 'inventory.rejected'],
    publishes: ['order.created'],
  });
  const [events] = permissions.topics;

  it('lets the service declare its queue, its dead-letter queue and the shared exchanges, nothing else', () => {
    for (const name of ['events', 'events.unrouted', 'order-service', 'order-service.dlq']) {
      expect({ name, allowed: allows(permissions.configure, name) }).toEqual({ name, allowed: true });
    }
    for (const name of ['inventory-service', 'inventory-service.dlq', 'order-service-2', 'xorder-service', 'eventsX']) {
      expect({ name, allowed: allows(permissions.configure, name) }).toEqual({ name, allowed: false });
    }
  });

  it('reads only its own queue, never a dead-letter queue', () => {
    expect(allows(permissions.read, 'order-service')).toBe(true);
    for (const name of ['order-service.dlq', 'inventory-service', 'amq.default']) {
      expect({ name, allowed: allows(permissions.read, name) }).toEqual({ name, allowed: false });
    }
  });

  it('publishes only its own types, and binds only the types it consumes', () => {
    expect(events.exchange).toBe('events');
    expect(allows(events.write, 'order.created')).toBe(true);
    for (const key of ['inventory.reserved', 'order.createdX', 'orderXcreated', '#']) {
      expect({ key, allowed: allows(events.write, key) }).toEqual({ key, allowed: false });
    }
    for (const key of ['inventory.reserved', 'inventory.rejected', 'messaging.unprocessable']) {
      expect({ key, allowed: allows(events.read, key) }).toEqual({ key, allowed: true });
    }
    for (const key of ['order.created', '#', 'inventory.*']) {
      expect({ key, allowed: allows(events.read, key) }).toEqual({ key, allowed: false });
    }
  });

  it('grants no routing key at all to a service that publishes nothing', () => {
    const [topic] = rabbitmqPermissions('audit-service', { consumes: ['order.created'], publishes: [] }).topics;
    for (const key of ['order.created', 'anything', '#']) expect(allows(topic.write, key)).toBe(false);
  });
});
