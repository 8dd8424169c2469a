import { CLOUDEVENTS_CONTENT_TYPE, createEnvelope, INVENTORY_REJECTED, INVENTORY_RESERVED } from '#events';
import { deadLetterHeaders } from '../dead-letter-headers.js';
import {
  cloudEventHeaders,
  deadLetteredHeaders,
  fromMessageAttributes,
  MAX_MESSAGE_ATTRIBUTES,
  originOf,
  toMessageAttributes,
} from './sqs.message-attributes.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const envelope = (traceparent?: string) =>
  createEnvelope({
    type: INVENTORY_RESERVED,
    source: '/inventory-service',
    subject: 'o-1',
    data: { orderId: 'o-1' },
    traceparent,
  });

describe('CloudEvent -> SNS/SQS message attributes', () => {
  it('carries every CloudEvents attribute, so filter policies and plain clients need not parse the body', () => {
    const event = envelope(TRACEPARENT);
    expect(cloudEventHeaders(event)).toEqual({
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: INVENTORY_RESERVED,
      ce_source: '/inventory-service',
      ce_subject: 'o-1',
      ce_time: event.time,
      ce_traceparent: TRACEPARENT,
    });
  });

  it('leaves out a trace context the event does not have', () => {
    expect(cloudEventHeaders(envelope())).not.toHaveProperty('ce_traceparent');
  });

  it('comes back as the same headers on the consuming side', () => {
    const headers = cloudEventHeaders(envelope(TRACEPARENT));
    const attributes = toMessageAttributes(headers);
    expect(Object.values(attributes).every((value) => value.DataType === 'String')).toBe(true);
    expect(fromMessageAttributes(attributes)).toEqual(headers);
  });
});

describe('toMessageAttributes: only what SQS accepts', () => {
  it('keeps the first ten headers, as SQS refuses a message with more', () => {
    const headers = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`h${index}`, `v${index}`]));
    expect(Object.keys(toMessageAttributes(headers))).toEqual(Object.keys(headers).slice(0, MAX_MESSAGE_ATTRIBUTES));
  });

  it('drops empty values (SQS refuses them), which then take no place among the ten', () => {
    const headers = { empty: '', ...Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`h${index}`, 'v'])) };
    const attributes = toMessageAttributes(headers);
    expect(attributes).not.toHaveProperty('empty');
    expect(Object.keys(attributes)).toHaveLength(10);
  });

  it('replaces characters SQS does not allow, and keeps every other one', () => {
    const attributes = toMessageAttributes({
      refused: 'a\u0000b\u0008c\uFFFFd\uD800e',
      kept: 'tab\tline\nçé 😀',
    });
    expect(attributes.refused?.StringValue).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(attributes.kept?.StringValue).toBe('tab\tline\nçé 😀');
  });
});

describe('fromMessageAttributes: whatever a plain client sent', () => {
  it('reads binary values as base64, and a value of neither kind as empty', () => {
    expect(
      fromMessageAttributes({
        text: { DataType: 'String', StringValue: 'x' },
        number: { DataType: 'Number', StringValue: '42' },
        bytes: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 255]) },
        nothing: { DataType: 'String' },
      }),
    ).toEqual({ text: 'x', number: '42', bytes: 'AQL/', nothing: '' });
  });

  it('reads a message without attributes as no headers', () => {
    expect(fromMessageAttributes(undefined)).toEqual({});
  });
});

describe('deadLetteredHeaders: what a parked message carries, within the ten', () => {
  const failure = deadLetterHeaders(
    { reason: 'HANDLER_FAILED', error: 'Error: boom', attempts: 5 },
    { destination: INVENTORY_RESERVED, consumer: 'order-service' },
  );

  it('keeps the six x-dead-letter-* and the most useful of its own: replay origin, content type, id, type', () => {
    const event = envelope(TRACEPARENT);
    const own = { ...cloudEventHeaders(event), 'x-replayed-from': 'order-service-dlq#m-1' };
    const parked = deadLetteredHeaders(own, failure);
    expect(Object.keys(parked)).toHaveLength(MAX_MESSAGE_ATTRIBUTES);
    expect(parked).toMatchObject(failure);
    expect(parked).toMatchObject({
      'x-replayed-from': 'order-service-dlq#m-1',
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      ce_id: event.id,
      ce_type: INVENTORY_RESERVED,
    });
    expect(Object.keys(toMessageAttributes(parked))).toEqual(Object.keys(parked));
  });

  it('says why it was parked this time, not why an earlier dead-lettering did', () => {
    const before = { ...failure, 'x-dead-letter-reason': 'INVALID', 'x-dead-letter-attempts': '1', ce_type: 'x' };
    expect(deadLetteredHeaders(before, failure)).toMatchObject({
      'x-dead-letter-reason': 'HANDLER_FAILED',
      'x-dead-letter-attempts': '5',
    });
  });

  it('gives no place to empty values', () => {
    const parked = deadLetteredHeaders(
      { 'x-replayed-from': '', ce_id: 'e-1' },
      { ...failure, 'x-dead-letter-error': '' },
    );
    expect(parked).not.toHaveProperty('x-replayed-from');
    expect(parked).not.toHaveProperty('x-dead-letter-error');
    expect(parked.ce_id).toBe('e-1');
  });
});

describe('originOf: the topic a raw-delivered message came through, for a replay to send it back to', () => {
  const both = [INVENTORY_RESERVED, INVENTORY_REJECTED];
  const body = JSON.stringify({ type: INVENTORY_REJECTED });

  it.each([
    ['the only type the queue is subscribed to', [INVENTORY_RESERVED], {}, 'not json', INVENTORY_RESERVED],
    ['else its ce_type attribute', both, { ce_type: INVENTORY_RESERVED }, body, INVENTORY_RESERVED],
    ['else the type in its body', both, {}, body, INVENTORY_REJECTED],
    [
      'nothing for a type the queue does not consume',
      both,
      { ce_type: 'order.created' },
      '{"type":"order.created"}',
      undefined,
    ],
    ['nothing for a body that is no JSON', both, {}, '{"type":', undefined],
    ['nothing for a type that is no string', both, {}, '{"type":5}', undefined],
  ])('%s', (_, consumed, headers, raw, expected) => {
    expect(originOf(consumed, headers as Record<string, string>, raw)).toBe(expected);
  });
});
