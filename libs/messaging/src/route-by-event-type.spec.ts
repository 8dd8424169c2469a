import { createEnvelope, encodeEnvelope, INVENTORY_REJECTED, INVENTORY_RESERVED, ORDER_CREATED } from '#events';
import { parseAllowedSources } from './allowed-sources.js';
import type { IntakePolicy } from './event-intake.js';
import { routeByEventType } from './route-by-event-type.js';
import { UNPROCESSABLE_MESSAGE_PATTERN, UnprocessableMessage } from './unprocessable-message.js';

/** order-service consumes both inventory outcomes from one queue (RabbitMQ, SQS). */
const consumed = new Set([INVENTORY_RESERVED, INVENTORY_REJECTED]);
const policy: IntakePolicy = {
  maxEventBytes: 4096,
  allowedSources: parseAllowedSources(`${INVENTORY_RESERVED}=/inventory-service`),
};
const event = (type: string, source = '/inventory-service') =>
  createEnvelope({ type, source, subject: 'o-1', data: { orderId: 'o-1' } });

describe('routeByEventType: one queue, several types', () => {
  it.each([INVENTORY_RESERVED, INVENTORY_REJECTED])('hands %s to the handler of its type, as received', (type) => {
    const envelope = event(type);
    expect(routeByEventType(encodeEnvelope(envelope), consumed, policy)).toEqual({ pattern: type, data: envelope });
  });

  it('reads a body given as text as it reads bytes', () => {
    const envelope = event(INVENTORY_RESERVED);
    expect(routeByEventType(encodeEnvelope(envelope).toString(), consumed, policy)).toEqual({
      pattern: INVENTORY_RESERVED,
      data: envelope,
    });
  });

  it('sends a type this service does not consume to the unprocessable sink, saying so', () => {
    expect(routeByEventType(encodeEnvelope(event(ORDER_CREATED, '/order-service')), consumed, policy)).toEqual({
      pattern: UNPROCESSABLE_MESSAGE_PATTERN,
      data: new UnprocessableMessage('UNHANDLED_TYPE', `no handler for type ${ORDER_CREATED}`),
    });
  });

  it('refuses a type it consumes from a source not allowed to publish it', () => {
    const routed = routeByEventType(encodeEnvelope(event(INVENTORY_RESERVED, '/intruder')), consumed, policy);
    expect(routed.pattern).toBe(UNPROCESSABLE_MESSAGE_PATTERN);
    expect(routed.data).toMatchObject({ reason: 'UNTRUSTED_SOURCE' });
  });

  it.each([
    ['empty bytes', Buffer.alloc(0)],
    ['an empty string', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['a number as type', JSON.stringify({ ...event(INVENTORY_RESERVED), type: 5 })],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x7b])],
    ['a body over MESSAGING_MAX_EVENT_BYTES', Buffer.alloc(5000, 0x20)],
  ])('never throws on %s: it reaches the unprocessable sink as MALFORMED', (_, raw) => {
    const routed = routeByEventType(raw, consumed, policy);
    expect(routed.pattern).toBe(UNPROCESSABLE_MESSAGE_PATTERN);
    expect(routed.data).toBeInstanceOf(UnprocessableMessage);
    expect(routed.data).toMatchObject({ reason: 'MALFORMED' });
  });
});
