import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'yaml';
import type { FastifyInstance } from 'fastify';
import { CLOUDEVENTS_CONTENT_TYPE, EVENT_CONTRACTS, EVENT_TYPES, OrderLine, SKU_PATTERN, SUBSCRIPTIONS } from '#events';
import { MessagingModule, type DeliveryFailure, type EventTraffic, type MessagingConfig } from '#messaging';
import {
  deadLetterHeaders,
  deadLetterQueue,
  deadLetterTopic,
  EVENTS_EXCHANGE,
  UNROUTED_EXCHANGE,
  snsTopicName,
  sqsDeadLetterQueue,
  SQS_VISIBILITY_TIMEOUT_SECONDS as VISIBILITY_TIMEOUT_SECONDS,
} from '#messaging/operator';
import { loadServiceConfig } from '#runtime';
import { CreateOrderRequest } from '../../apps/order-service/src/orders/create-order.request.js';
import { ORDER_SOURCE } from '../../apps/order-service/src/orders/orders.service.js';
import { PutStockRequest } from '../../apps/inventory-service/src/stock/put-stock.request.js';
import { SkuParamPipe } from '../../apps/inventory-service/src/stock/sku-param.pipe.js';
import { INVENTORY_SOURCE } from '../../apps/inventory-service/src/stock/stock.service.js';
import {
  buildOpenApiDocument,
  createDocumentationApp,
  DOCUMENTED_SERVICES,
  openApiPath,
} from '../../scripts/openapi-document.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const SERVICES = Object.keys(DOCUMENTED_SERVICES);

type Schema = Record<string, unknown>;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null;

/** Follows a local `#/a/b` reference. */
function pointer(document: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local references are expected; got ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  if (!isObject(node)) throw new Error(`${ref} does not resolve`);
  return node;
}

/** The node itself, or what its chain of $ref leads to. */
function resolved(document: Schema, node: Schema): Schema {
  return typeof node.$ref === 'string' ? resolved(document, pointer(document, node.$ref)) : node;
}

/** Every $ref in the document. */
function references(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(references);
  if (!isObject(node)) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : references(value),
  );
}

/** The keywords that constrain a value; descriptions and examples are left out. */
const VALIDATION_KEYWORDS = [
  'type',
  'format',
  'pattern',
  'enum',
  'const',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'items',
  'properties',
  'required',
  'additionalProperties',
];

/** A schema with references resolved, allOf merged and annotations dropped: what it accepts. */
function constraintsOf(document: Schema, schema: unknown): Schema {
  if (!isObject(schema)) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  if (typeof schema.$ref === 'string') return constraintsOf(document, pointer(document, schema.$ref));
  let merged: Schema = { ...schema };
  if (Array.isArray(schema.allOf)) {
    merged = {};
    for (const part of [...schema.allOf.map((each) => constraintsOf(document, each)), omit(schema, 'allOf')]) {
      const properties = { ...(merged.properties as Schema), ...(part.properties as Schema) };
      for (const [name, value] of Object.entries((part.properties as Schema) ?? {})) {
        properties[name] = { ...((merged.properties as Schema)?.[name] as Schema), ...(value as Schema) };
      }
      const required = [...((merged.required as string[]) ?? []), ...((part.required as string[]) ?? [])];
      merged = { ...merged, ...part, properties, required };
    }
  }
  const result: Schema = {};
  for (const keyword of VALIDATION_KEYWORDS) {
    const value = merged[keyword];
    if (value === undefined) continue;
    if (keyword === 'items') result.items = constraintsOf(document, value);
    else if (keyword === 'properties')
      result.properties = Object.fromEntries(
        Object.entries(value as Schema).map(([name, property]) => [name, constraintsOf(document, property)]),
      );
    else if (keyword === 'required') result.required = [...new Set(value as string[])].sort();
    else result[keyword] = value;
  }
  return result;
}

function omit(schema: Schema, key: string): Schema {
  const { [key]: _, ...rest } = schema;
  return rest;
}

/**
 * The JSON Schema a class-validator contract amounts to, read from class-validator's own metadata.
 * Unknown properties are refused everywhere (whitelist + forbidNonWhitelisted), hence additionalProperties.
 * A decorator this does not know fails the test, so a new constraint cannot go undocumented silently.
 */
function schemaFromValidators(contract: new () => object): Schema {
  const rules = getMetadataStorage().getTargetValidationMetadatas(contract, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [name, propertyRules] of byProperty) {
    const property: Schema = {};
    let optional = false;
    for (const rule of propertyRules) {
      const [first, second] = (rule.constraints ?? []) as unknown[];
      const kind = rule.type === 'customValidation' ? rule.name : `${rule.type}:${rule.name ?? ''}`;
      if (rule.each && kind !== 'nestedValidation:' && kind !== 'isObject')
        throw new Error(`${contract.name}.${name}: { each } on @${kind}`);
      switch (kind) {
        case 'conditionalValidation:isOptional':
          optional = true;
          break;
        case 'nestedValidation:': {
          const isArray = Reflect.getMetadata('design:type', contract.prototype, name) === Array;
          const sample = plainToInstance(contract, { [name]: isArray ? [{}] : {} }) as Record<string, unknown>;
          const nested = (isArray ? (sample[name] as object[])[0] : sample[name]) as object;
          const nestedSchema = schemaFromValidators(nested.constructor as new () => object);
          if (isArray) property.items = nestedSchema;
          else Object.assign(property, nestedSchema);
          break;
        }
        case 'isObject':
          // Each element an object: the nested class's schema says so with its own `type: object`.
          if (!propertyRules.some((other) => other.type === 'nestedValidation'))
            throw new Error(`${contract.name}.${name}: @isObject without a nested class has no schema here yet`);
          break;
        case 'isString':
          property.type = 'string';
          break;
        case 'isInt':
          property.type = 'integer';
          break;
        case 'isArray':
          property.type = 'array';
          break;
        case 'isUuid':
          Object.assign(property, { type: 'string', format: 'uuid' });
          break;
        case 'isPrintableText':
          Object.assign(property, { type: 'string', pattern: (first as RegExp).source });
          break;
        case 'matches':
          expect((first as RegExp).flags).toBe('');
          Object.assign(property, { type: 'string', pattern: (first as RegExp).source });
          break;
        case 'isIn': {
          const values = first as unknown[];
          const [type] = new Set(values.map((value) => typeof value));
          Object.assign(property, { type, enum: [...values] });
          break;
        }
        case 'min':
          property.minimum = first;
          break;
        case 'max':
          property.maximum = first;
          break;
        case 'isLength':
          property.minLength = first;
          if (second !== undefined) property.maxLength = second;
          break;
        case 'arrayMinSize':
          property.minItems = first;
          break;
        case 'arrayMaxSize':
          property.maxItems = first;
          break;
        default:
          throw new Error(`${contract.name}.${name}: @${kind} has no JSON Schema equivalent in this test yet; add it`);
      }
    }
    properties[name] = property;
    if (!optional) required.push(name);
  }
  return { type: 'object', additionalProperties: false, properties, required: required.sort() };
}

interface OpenApiDocument extends Schema {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

describe('OpenAPI documents (docs/openapi)', () => {
  it('has one committed document per service, and no other', () => {
    expect(readdirSync(resolve(ROOT, 'docs/openapi')).sort()).toEqual(
      SERVICES.map((service) => openApiPath(service).replace('docs/openapi/', '')).sort(),
    );
  });

  describe.each(SERVICES)('%s', (service) => {
    const committed = () => JSON.parse(read(openApiPath(service))) as OpenApiDocument;

    it('is exactly what the code generates now (run `npm run docs:openapi` after changing the API)', async () => {
      expect(committed()).toEqual(await buildOpenApiDocument(service));
    });

    it('documents every HTTP route Nest registers, and only those', async () => {
      const app = await createDocumentationApp(service);
      try {
        // Fastify tells each route as it is added; the HEAD twin it adds for every GET is not an API route.
        const registered: string[] = [];
        const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
        fastify.addHook('onRoute', ({ method, url }) => {
          for (const one of [method].flat()) {
            if (one !== 'HEAD') registered.push(`${one} ${url.replace(/:(\w+)/g, '{$1}')}`);
          }
        });
        await app.init();
        const documented = Object.entries(committed().paths).flatMap(([path, operations]) =>
          Object.keys(operations)
            .filter((method) => HTTP_METHODS.includes(method))
            .map((method) => `${method.toUpperCase()} ${path}`),
        );
        expect(registered.length).toBeGreaterThan(0);
        expect(documented.sort()).toEqual([...new Set(registered)].sort());
      } finally {
        await app.close();
      }
    });

    it('has every reference resolving', () => {
      const document = committed();
      for (const ref of references(document)) expect(() => pointer(document, ref)).not.toThrow();
    });
  });

  it('describes each request body exactly as its class-validator rules', () => {
    const dtos: Record<string, new () => object> = { CreateOrderRequest, PutStockRequest, OrderLine };
    const seen = new Set<string>();
    for (const service of SERVICES) {
      const document = JSON.parse(read(openApiPath(service))) as OpenApiDocument;
      for (const operations of Object.values(document.paths)) {
        for (const operation of Object.values(operations)) {
          const schema = operation.requestBody?.content['application/json']?.schema;
          if (!schema) continue;
          const name = String(schema.$ref).replace('#/components/schemas/', '');
          const dto = dtos[name];
          if (!dto) throw new Error(`request body ${name}: add its class to this test`);
          expect(constraintsOf(document, schema)).toEqual(schemaFromValidators(dto));
          seen.add(name);
        }
      }
    }
    expect([...seen].sort()).toEqual(['CreateOrderRequest', 'PutStockRequest']);
  });

  it('describes the SKU path parameter with the pattern the pipe enforces', () => {
    const document = JSON.parse(read(openApiPath('inventory-service'))) as Schema;
    const stock = pointer(document, '#/paths/~1stock~1{sku}') as Record<string, { parameters: Schema[] }>;
    for (const operation of Object.values(stock)) {
      const sku = operation.parameters.find((parameter) => parameter.name === 'sku') as { schema: Schema };
      expect(sku.schema.pattern).toBe(SKU_PATTERN.source);
    }
    const pipe = new SkuParamPipe();
    for (const sku of ['A', 'KEYBOARD-1', 'Z'.repeat(32)]) {
      expect(SKU_PATTERN.test(sku)).toBe(true);
      expect(pipe.transform(sku)).toBe(sku);
    }
    for (const sku of ['', 'keyboard', 'Z'.repeat(33), 'A B', 'A_B']) {
      expect(SKU_PATTERN.test(sku)).toBe(false);
      expect(() => pipe.transform(sku)).toThrow();
    }
  });
});

interface AsyncApiDocument extends Schema {
  defaultContentType: string;
  channels: Record<string, Schema & { address: string; messages: Record<string, Schema>; bindings?: Schema }>;
  operations: Record<
    string,
    Schema & { action: 'send' | 'receive'; channel: { $ref: string }; messages: Array<{ $ref: string }> }
  >;
}

describe('AsyncAPI document (docs/asyncapi.yaml)', () => {
  const document = parse(read('docs/asyncapi.yaml')) as AsyncApiDocument;
  const channelByAddress = (address: string) => {
    const matches = Object.values(document.channels).filter((channel) => channel.address === address);
    expect(matches).toHaveLength(1);
    return matches[0];
  };
  const bindings = (node: Schema, broker: 'kafka' | 'amqp' | 'sns' | 'sqs') =>
    (node.bindings as Record<string, Schema>)?.[broker];
  const serviceOf = (operation: Schema) => {
    const names = ((operation.tags as Array<{ name: string }>) ?? []).map((tag) => tag.name);
    const services = names.filter((name) => SERVICES.includes(name));
    expect(services).toHaveLength(1);
    return services[0];
  };
  const channelOf = (operation: { channel: { $ref: string } }) =>
    pointer(document, operation.channel.$ref) as AsyncApiDocument['channels'][string];

  /** What each service declares to MessagingModule.forRoot in its AppModule: the topology's source of truth. */
  const traffic = new Map<string, EventTraffic>();
  /** The messaging configuration each service hands it, with the defaults (SQS's maxReceiveCount comes from it). */
  const messagingConfigs = new Map<string, MessagingConfig>();
  beforeAll(() => {
    const forRoot = MessagingModule.forRoot;
    try {
      for (const service of SERVICES) {
        const declared: Array<[MessagingConfig, EventTraffic]> = [];
        MessagingModule.forRoot = (config, declares) => (
          declared.push([config, declares]),
          forRoot.call(MessagingModule, config, declares)
        );
        DOCUMENTED_SERVICES[service](loadServiceConfig(service, { port: 0 }, {}));
        expect(declared).toHaveLength(1);
        messagingConfigs.set(service, declared[0][0]);
        traffic.set(service, declared[0][1]);
      }
    } finally {
      MessagingModule.forRoot = forRoot;
    }
  });

  it('is a valid AsyncAPI 3.0.0 document (official JSON Schema, with the Kafka, AMQP, SNS and SQS bindings)', () => {
    const schema = createRequire(import.meta.url)('@asyncapi/specs/schemas/3.0.0-without-$id.json') as object;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    expect(document.asyncapi).toBe('3.0.0');
  });

  it('has every reference resolving, and each operation sending or receiving messages of its own channel', () => {
    for (const ref of references(document)) expect(() => pointer(document, ref)).not.toThrow();
    for (const [id, operation] of Object.entries(document.operations)) {
      const channel = operation.channel.$ref;
      for (const message of operation.messages) {
        expect({ id, message: message.$ref.startsWith(`${channel}/messages/`) }).toEqual({ id, message: true });
      }
    }
  });

  it('describes the data of every event exactly as its class-validator contract', () => {
    for (const [type, contract] of Object.entries(EVENT_CONTRACTS)) {
      const channel = channelByAddress(type);
      const messages = Object.values(channel.messages);
      expect(messages.length).toBeGreaterThan(0);
      for (const reference of messages) {
        const message = resolved(document, reference);
        expect(message.contentType).toBe(CLOUDEVENTS_CONTENT_TYPE);
        const envelope = constraintsOf(document, message.payload);
        const attributes = envelope.properties as Record<string, Schema>;
        expect(attributes.type.const).toBe(type);
        expect({ type, data: attributes.data }).toEqual({ type, data: schemaFromValidators(contract) });
      }
    }
  });

  it('describes every event as a CloudEvent in structured mode with the required attributes', () => {
    expect(document.defaultContentType).toBe(CLOUDEVENTS_CONTENT_TYPE);
    const required = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data'];
    for (const type of EVENT_TYPES) {
      for (const reference of Object.values(channelByAddress(type).messages)) {
        const envelope = constraintsOf(document, resolved(document, reference).payload);
        expect(envelope.required).toEqual(expect.arrayContaining(required));
        expect((envelope.properties as Record<string, Schema>).specversion.const).toBe('1.0');
      }
    }
  });

  it('has exactly the topology the code provisions: topics, exchange, queues and dead-letter destinations', () => {
    const consumers = SERVICES.filter((service) => traffic.get(service)!.consumes.length > 0);
    const expected = [
      ...EVENT_TYPES,
      ...SERVICES.flatMap((service) => traffic.get(service)!.consumes.map(deadLetterTopic)),
      ...consumers,
      ...SERVICES.map(deadLetterQueue),
      UNROUTED_EXCHANGE,
      ...consumers.map(sqsDeadLetterQueue),
    ];
    expect(
      Object.values(document.channels)
        .map((channel) => channel.address)
        .sort(),
    ).toEqual([...new Set(expected)].sort());
    // The external contract's names.
    expect(EVENTS_EXCHANGE).toBe('events');
    expect(deadLetterTopic('order.created')).toBe('order.created.dlt');
    expect(deadLetterQueue('inventory-service')).toBe('inventory-service.dlq');
    expect(snsTopicName('order.created')).toBe('order_created');
    expect(sqsDeadLetterQueue('inventory-service')).toBe('inventory-service-dlq');

    const partitions = Number(
      /const DEFAULT_TOPIC_PARTITIONS = (\d+);/.exec(read('libs/messaging/src/transports/kafka/kafka.names.ts'))![1],
    );
    for (const type of EVENT_TYPES) {
      const channel = channelByAddress(type);
      expect(bindings(channel, 'kafka')).toMatchObject({ topic: type, partitions });
      expect(bindings(channel, 'amqp')).toMatchObject({
        is: 'routingKey',
        exchange: { name: EVENTS_EXCHANGE, type: 'topic', durable: true, autoDelete: false },
        'x-exchange-arguments': { 'alternate-exchange': UNROUTED_EXCHANGE },
      });
      expect(bindings(channel, 'sns')).toMatchObject({ name: snsTopicName(type), ordering: { type: 'standard' } });
      for (const reference of Object.values(channel.messages)) {
        const message = resolved(document, reference);
        expect(bindings(message, 'kafka')).toMatchObject({ key: { type: 'string', format: 'uuid' } });
        expect(bindings(message, 'amqp')).toMatchObject({ messageType: type });
      }
    }
    for (const service of consumers) {
      const queue = channelByAddress(service);
      expect(bindings(queue, 'amqp')).toMatchObject({
        is: 'queue',
        queue: { name: service, durable: true, exclusive: false, autoDelete: false },
        'x-queue-arguments': { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': deadLetterQueue(service) },
      });
      const bound = (bindings(queue, 'amqp')!['x-bindings'] as Array<{ exchange: string; routingKey: string }>)
        .map(({ exchange, routingKey }) => `${exchange} ${routingKey}`)
        .sort();
      expect(bound).toEqual(
        traffic
          .get(service)!
          .consumes.map((type) => `${EVENTS_EXCHANGE} ${type}`)
          .sort(),
      );
      // The same queue name on SNS/SQS: subscribed to its types' topics, parked in its dead-letter queue.
      expect((queue.servers as Array<{ $ref: string }>).map(({ $ref }) => $ref).sort()).toEqual([
        '#/servers/rabbitmq',
        '#/servers/sqs',
      ]);
      expect(bindings(queue, 'sqs')).toMatchObject({
        queue: {
          name: service,
          fifoQueue: false,
          visibilityTimeout: VISIBILITY_TIMEOUT_SECONDS,
          redrivePolicy: {
            deadLetterQueue: { name: sqsDeadLetterQueue(service) },
            maxReceiveCount: messagingConfigs.get(service)!.maxDeliveryAttempts,
          },
        },
        deadLetterQueue: { name: sqsDeadLetterQueue(service), fifoQueue: false },
      });
      expect(bindings(channelByAddress(sqsDeadLetterQueue(service)), 'sqs')).toMatchObject({
        queue: { name: sqsDeadLetterQueue(service), fifoQueue: false },
      });
    }
    for (const service of SERVICES) {
      expect(bindings(channelByAddress(deadLetterQueue(service)), 'amqp')).toMatchObject({
        is: 'queue',
        queue: { name: deadLetterQueue(service), durable: true },
      });
    }
  });

  it('has each service publish, consume and dead-letter exactly what its AppModule declares', () => {
    // Each service publishes as `/<its name>`, generated ones too; the two written by hand say so in constants.
    expect([ORDER_SOURCE, INVENTORY_SOURCE]).toEqual(['/order-service', '/inventory-service']);
    for (const service of SERVICES) {
      const operations = Object.values(document.operations).filter((operation) => serviceOf(operation) === service);
      const addresses = (action: string, filter: (address: string) => boolean) =>
        operations
          .filter((operation) => operation.action === action)
          .map((operation) => channelOf(operation).address)
          .filter(filter)
          .sort();
      const isEvent = (address: string) => (EVENT_TYPES as string[]).includes(address);
      const { consumes, publishes } = traffic.get(service)!;
      expect(consumes).toEqual([...SUBSCRIPTIONS[service as keyof typeof SUBSCRIPTIONS]]);
      expect(addresses('send', isEvent)).toEqual([...publishes].sort());
      expect(addresses('receive', () => true)).toEqual([...consumes].sort());
      expect(addresses('send', (address) => !isEvent(address))).toEqual(
        [
          ...consumes.map(deadLetterTopic),
          deadLetterQueue(service),
          ...(consumes.length > 0 ? [sqsDeadLetterQueue(service)] : []),
        ].sort(),
      );
      const subscribers = (type: string) =>
        SERVICES.filter((consumer) => traffic.get(consumer)!.consumes.includes(type)).sort();
      for (const operation of operations) {
        if (operation.action === 'receive') {
          expect(bindings(operation, 'kafka')).toMatchObject({ groupId: { type: 'string', enum: [service] } });
          expect(bindings(operation, 'amqp')).toMatchObject({ ack: true });
          expect(bindings(operation, 'sqs')).toMatchObject({ queues: [{ name: service }] });
        }
        if (operation.action === 'send' && isEvent(channelOf(operation).address)) {
          const type = channelOf(operation).address;
          const sns = bindings(operation, 'sns') as {
            topic: { name: string };
            consumers: Array<{ protocol: string; endpoint: { name: string }; rawMessageDelivery: boolean }>;
          };
          if (subscribers(type).length === 0) {
            // Nothing consumes it yet (a new service's new type): its SNS topic has no subscription, and
            // AsyncAPI's SNS and SQS bindings need one consumer at least, so the operation has neither.
            expect({ type, sns, sqs: bindings(operation, 'sqs') }).toEqual({ type, sns: undefined, sqs: undefined });
          } else {
            expect(sns.topic).toEqual({ name: snsTopicName(type) });
            expect(
              sns.consumers.map(({ protocol, endpoint, rawMessageDelivery }) => ({
                protocol,
                endpoint,
                rawMessageDelivery,
              })),
            ).toEqual(
              subscribers(type).map((name) => ({ protocol: 'sqs', endpoint: { name }, rawMessageDelivery: true })),
            );
          }
          for (const reference of operation.messages) {
            const payload = constraintsOf(document, resolved(document, reference).payload);
            expect((payload.properties as Record<string, Schema>).source.const).toBe(`/${service}`);
          }
        }
      }
    }
  });

  it('documents the dead-letter headers the code writes, and every x- header the messaging code uses', () => {
    const reasons = {
      MALFORMED: true,
      INVALID: true,
      UNHANDLED_TYPE: true,
      UNTRUSTED_SOURCE: true,
      HANDLER_FAILED: true,
    } satisfies Record<DeliveryFailure['reason'], true>;
    const written = Object.keys(
      deadLetterHeaders({ reason: 'INVALID', error: 'e', attempts: 1 }, { destination: 'd', consumer: 'c' }),
    ).sort();
    const amqp = constraintsOf(document, { $ref: '#/components/schemas/DeadLetterHeaders' });
    expect(amqp.required).toEqual(written);
    expect(Object.keys(amqp.properties as Schema).sort()).toEqual(written);
    expect((amqp.properties as Record<string, Schema>)['x-dead-letter-reason'].enum).toEqual(Object.keys(reasons));
    const kafka = constraintsOf(document, { $ref: '#/components/schemas/KafkaDeadLetterHeaders' });
    expect(kafka.required).toEqual([...written, 'x-dead-letter-offset', 'x-dead-letter-partition'].sort());

    const text = read('docs/asyncapi.yaml');
    const sources = (dir: string): string[] =>
      readdirSync(resolve(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sources(`${dir}/${entry.name}`)
          : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
            ? [read(`${dir}/${entry.name}`)]
            : [],
      );
    const headers = new Set(
      sources('libs/messaging/src').flatMap((source) =>
        [...source.matchAll(/['"`](x-[a-z]+(?:-[a-z]+)*)/g)].map((match) => match[1]),
      ),
    );
    expect(headers.size).toBeGreaterThan(0);
    for (const header of headers)
      expect({ header, documented: text.includes(header) }).toEqual({ header, documented: true });
  });
});
