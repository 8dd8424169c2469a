import { createEnvelope, encodeEnvelope } from '#events';
import { parseAllowedSources } from './allowed-sources.js';
import { takeInEvent, type IntakePolicy } from './event-intake.js';
import { UnprocessableMessage } from './unprocessable-message.js';

const policy: IntakePolicy = {
  maxEventBytes: 4096,
  allowedSources: parseAllowedSources('order.created=/order-service'),
};
const event = (source = '/order-service', data: unknown = { orderId: 'x' }) =>
  createEnvelope({ type: 'order.created', source, subject: 's', data });

describe('takeInEvent: what every consumer accepts', () => {
  it('hands on an acceptable event as received', () => {
    const envelope = event();
    expect(takeInEvent(encodeEnvelope(envelope), policy)).toEqual(envelope);
  });

  it.each([
    ['oversized bytes', Buffer.alloc(5000, 0x7b), 'MALFORMED', '5000 bytes; at most 4096 are accepted'],
    ['an event without id', JSON.stringify({ ...event(), id: undefined }), 'MALFORMED', 'id is missing'],
    [
      'data nested too deep',
      JSON.stringify(event()).replace('"data":{', `"data":{"x":${'['.repeat(50)}${']'.repeat(50)},`),
      'INVALID',
      'nested deeper than 32 levels',
    ],
    ['a source not allowed for the type', JSON.stringify(event('/intruder')), 'UNTRUSTED_SOURCE', 'may not publish'],
  ])('refuses %s with its reason, without throwing', (_, raw, reason, error) => {
    const refused = takeInEvent(typeof raw === 'string' ? raw : raw, policy);
    expect(refused).toBeInstanceOf(UnprocessableMessage);
    expect(refused).toMatchObject({ reason });
    expect((refused as UnprocessableMessage).error).toContain(error);
  });
});
