import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DiagnosticSeverity,
  Parser,
  type AsyncAPIDocumentInterface,
  type Diagnostic,
  type OperationInterface,
} from '@asyncapi/parser';
import { EVENT_TYPES, PUBLICATIONS, SUBSCRIPTIONS } from '#events';
import { BROKERS, type BrokerName } from '#messaging';

const DOCUMENT_PATH = resolve(import.meta.dirname, '../../docs/asyncapi.yaml');

interface BrokerModel {
  /** The servers its channels are on, by id, and their protocol. */
  servers: Record<string, string>;
  /** The bindings that describe its side of a channel, of a publishing and of a consuming operation. */
  channel: string;
  send: string;
  receive: string;
}

/** How the document models each `BROKER`. */
const BROKER_MODELS: Record<BrokerName, BrokerModel> = {
  kafka: { servers: { kafka: 'kafka' }, channel: 'kafka', send: 'kafka', receive: 'kafka' },
  rabbitmq: { servers: { rabbitmq: 'amqp' }, channel: 'amqp', send: 'amqp', receive: 'amqp' },
  // Published to SNS topics, received from the SQS queues subscribed to them.
  sqs: { servers: { sns: 'sns', sqs: 'sqs' }, channel: 'sns', send: 'sns', receive: 'sqs' },
};

const describeDiagnostic = ({ code, path, message }: Diagnostic) => `${String(code)} at ${path.join('.')}: ${message}`;
const servicesOf = (operations: OperationInterface[]) =>
  operations
    .flatMap((operation) =>
      operation
        .tags()
        .all()
        .map((tag) => tag.name()),
    )
    .sort();
const servicesOfType = (routes: Record<string, readonly string[]>, type: string) =>
  Object.keys(routes)
    .filter((service) => routes[service].includes(type))
    .sort();

describe('AsyncAPI document (docs/asyncapi.yaml) read by the official parser', () => {
  let parsed: AsyncAPIDocumentInterface | undefined;
  let diagnostics: Diagnostic[];
  /** The parser gives no document when it found an error; the first test says which. */
  const document = () => {
    if (!parsed) throw new Error('the parser found errors in docs/asyncapi.yaml and gave no document');
    return parsed;
  };

  beforeAll(async () => {
    // The parser resolves every $ref, validates against the JSON Schema with the bindings and applies its ruleset.
    ({ document: parsed, diagnostics } = await new Parser().parse(readFileSync(DOCUMENT_PATH, 'utf8'), {
      source: DOCUMENT_PATH,
    }));
  });

  it('has no error diagnostic (warnings are printed)', () => {
    const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Warning);
    if (warnings.length > 0) console.warn(`docs/asyncapi.yaml:\n${warnings.map(describeDiagnostic).join('\n')}`);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error);
    expect(errors.map(describeDiagnostic)).toEqual([]);
    expect(document().version()).toBe('3.0.0');
  });

  it('models every broker the services can use', () => {
    expect(Object.keys(BROKER_MODELS).sort()).toEqual([...BROKERS].sort());
    const protocols = Object.fromEntries(
      document()
        .servers()
        .all()
        .map((server) => [server.id(), server.protocol()]),
    );
    for (const model of Object.values(BROKER_MODELS)) expect(protocols).toMatchObject(model.servers);
  });

  describe.each(Object.entries(BROKER_MODELS))('on %s', (_broker, model) => {
    it.each(EVENT_TYPES)('%s has a channel, its publisher and each of its consumers', (type) => {
      const channels = document()
        .channels()
        .all()
        .filter((channel) => channel.address() === type);
      expect(channels).toHaveLength(1);
      const [channel] = channels;
      const channelServers = channel
        .servers()
        .all()
        .map((server) => server.id());
      expect(channelServers).toEqual(expect.arrayContaining(Object.keys(model.servers)));
      expect(channel.bindings().has(model.channel)).toBe(true);

      const operations = channel.operations().all();
      // A type nothing consumes yet has no SNS subscription to describe, so its publisher has no sns binding.
      const unsubscribed = servicesOfType(SUBSCRIPTIONS, type).length === 0 && model.send === 'sns';
      const sending = operations.filter(
        (operation) => operation.isSend() && (unsubscribed || operation.bindings().has(model.send)),
      );
      const receiving = operations.filter(
        (operation) => operation.isReceive() && operation.bindings().has(model.receive),
      );
      expect({ type, publishers: servicesOf(sending) }).toEqual({
        type,
        publishers: servicesOfType(PUBLICATIONS, type),
      });
      expect({ type, consumers: servicesOf(receiving) }).toEqual({
        type,
        consumers: servicesOfType(SUBSCRIPTIONS, type),
      });
    });
  });
});
