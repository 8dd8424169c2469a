import { createEnvelope, encodeEnvelope, INVENTORY_RESERVED, ORDER_CREATED } from '#events';
import type { Message } from '@aws-sdk/client-sqs';
import { jest } from '@jest/globals';
import type { IncomingEvent, MessageHandler, RmqContext, Server } from '@nestjs/microservices';
import type { IntakePolicy } from '../event-intake.js';
import { routeByEventType } from '../route-by-event-type.js';
import { UNPROCESSABLE_MESSAGE_PATTERN } from '../unprocessable-message.js';
import { EventTypeServerKafka } from './kafka/kafka.server.js';
import { RawBodyServerRMQ } from './rabbitmq/rabbitmq.server.js';
import type { AwsClients } from './sqs/sqs.aws-clients.js';
import { SqsServer } from './sqs/sqs.server.js';
import type { SqsTopology } from './sqs/sqs.topology.js';

const policy: IntakePolicy = { maxEventBytes: 4096, allowedSources: new Map() };
const routeOrderCreated = { deserialize: (body: Buffer) => routeByEventType(body, new Set([ORDER_CREATED]), policy) };

/** The three consuming servers, as the transports build them (nothing connects before listen()). */
const servers: Array<[string, () => Pick<Server, 'addHandler' | 'getHandlerByPattern'>]> = [
  ['Kafka', () => new EventTypeServerKafka({}, 10)],
  ['RabbitMQ', () => new RawBodyServerRMQ({ wildcards: true, noAck: false, deserializer: routeOrderCreated })],
  [
    'SNS/SQS',
    () =>
      new SqsServer({
        // Only used once it listens.
        clients: {} as AwsClients,
        topology: {} as SqsTopology,
        service: { service: 'inventory-service', consumes: [ORDER_CREATED], publishes: [], maxReceiveCount: 5 },
        prefetch: 1,
        visibilityTimeoutSeconds: 30,
        deserializer: {
          deserialize: (message: Message) => routeOrderCreated.deserialize(Buffer.from(message.Body ?? '')),
        },
      }),
  ],
];

const handlerFor = () => jest.fn<MessageHandler>(async () => undefined);

describe.each(servers)('the %s server finds a handler by event type', (_, createServer) => {
  it('by the type as it is, without first trying it as JSON (which throws for every message)', () => {
    const server = createServer();
    const onOrderCreated = handlerFor();
    server.addHandler(ORDER_CREATED, onOrderCreated, true);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(server.getHandlerByPattern(ORDER_CREATED)).toBe(onOrderCreated);
      expect(server.getHandlerByPattern(INVENTORY_RESERVED)).toBeNull();
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('never reads a type that looks like JSON as another type', () => {
    const server = createServer();
    server.addHandler(ORDER_CREATED, handlerFor(), true);
    expect(server.getHandlerByPattern(JSON.stringify(ORDER_CREATED))).toBeNull();
  });
});

describe('RawBodyServerRMQ: the body reaches the deserializer as the bytes delivered', () => {
  const message = (content: Buffer) => ({ content, properties: {}, fields: { routingKey: ORDER_CREATED } });

  it('and the event is handed to the handler of its CloudEvent type, with its RabbitMQ context', async () => {
    const deserialize = jest.fn((body: Buffer): IncomingEvent => routeOrderCreated.deserialize(body));
    const server = new RawBodyServerRMQ({ wildcards: true, noAck: false, deserializer: { deserialize } });
    const onOrderCreated = handlerFor();
    server.addHandler(ORDER_CREATED, onOrderCreated, true);
    const envelope = createEnvelope({ type: ORDER_CREATED, source: '/order-service', subject: 'o-1', data: {} });
    const delivered = message(encodeEnvelope(envelope));
    const channel = { name: 'the consuming channel' };

    await server.handleMessage(delivered as unknown as Record<string, unknown>, channel);

    expect(deserialize.mock.calls[0]?.[0]).toBe(delivered.content);
    expect(onOrderCreated).toHaveBeenCalledTimes(1);
    const [data, context] = onOrderCreated.mock.calls[0] as [unknown, RmqContext];
    expect(data).toEqual(envelope);
    expect(context.getMessage()).toBe(delivered);
    expect(context.getChannelRef()).toBe(channel);
    expect(context.getPattern()).toBe(ORDER_CREATED);
  });

  it('and bytes that are no CloudEvent go to the unprocessable sink, not to the queue’s handler', async () => {
    const server = new RawBodyServerRMQ({ wildcards: true, noAck: false, deserializer: routeOrderCreated });
    const onOrderCreated = handlerFor();
    const refuse = handlerFor();
    server.addHandler(ORDER_CREATED, onOrderCreated, true);
    server.addHandler(UNPROCESSABLE_MESSAGE_PATTERN, refuse, true);

    await server.handleMessage(message(Buffer.from('{"type":')) as unknown as Record<string, unknown>, {});

    expect(onOrderCreated).not.toHaveBeenCalled();
    expect(refuse).toHaveBeenCalledWith(expect.objectContaining({ reason: 'MALFORMED' }), expect.anything());
  });
});
