import { decodeEnvelope, MalformedEventError } from './decode-envelope.js';
import { createEnvelope, encodeEnvelope } from './event-envelope.js';

describe('event envelope', () => {
  const event = () =>
    createEnvelope({ type: 'order.created', source: '/order-service', subject: 'order-1', data: { orderId: 'x' } });

  it('creates a CloudEvents 1.0 envelope with every required attribute', () => {
    const envelope = event();
    expect(envelope).toMatchObject({
      specversion: '1.0',
      type: 'order.created',
      source: '/order-service',
      subject: 'order-1',
      datacontenttype: 'application/json',
      data: { orderId: 'x' },
    });
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(envelope.time).toISOString()).toBe(envelope.time);
  });

  it('gives every event its own id', () => {
    expect(event().id).not.toBe(event().id);
  });

  it('round-trips through the wire format unchanged', () => {
    const envelope = createEnvelope({
      type: 'order.created',
      source: '/order-service',
      subject: 'order-1',
      data: { orderId: 'x' },
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
  });

  it.each([
    ['bytes that are not JSON', Buffer.from('{not json')],
    ['JSON that is not an object', Buffer.from('[1,2]')],
    ['an object without specversion', Buffer.from(JSON.stringify({ id: '1', type: 't', source: '/s' }))],
    ['an unsupported specversion', Buffer.from(JSON.stringify({ ...event(), specversion: '0.1' }))],
    ['an event without subject', Buffer.from(JSON.stringify({ ...event(), subject: undefined }))],
  ])('refuses %s as malformed', (_, bytes) => {
    expect(() => decodeEnvelope(bytes)).toThrow(MalformedEventError);
  });
});
