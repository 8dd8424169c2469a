import fc from 'fast-check';
import { ORDER_CREATED } from '#events';
import type { BrokerName, DeliveryFailure } from '#messaging';

/**
 * Hostile order.created messages for fast-check, each generated together with what must become of
 * it. The expectation follows from how the message was built (the rules of docs/events-on-the-wire.md
 * the wire"), never from running the decoder: a message with one defect is refused for that defect,
 * and anything larger than the size limit is refused for its size whatever else it holds.
 */

export type RefusalReason = Exclude<DeliveryFailure['reason'], 'HANDLER_FAILED'>;
export interface OrderLineSpec {
  sku: string;
  quantity: number;
}
export type Expectation =
  | { outcome: 'dead-lettered'; reason: RefusalReason }
  | { outcome: 'applied'; source: string; id: string; lines: OrderLineSpec[] };

export interface HostileMessage {
  /** Run marker plus the message's number: in the bytes of every message, to find its dead letter. */
  tag: string;
  kind: string;
  key: string;
  body: Buffer | string;
  expected: Expectation;
  /** A byte-for-byte copy of an earlier applied message: to be ignored. */
  duplicate: boolean;
}

export interface HostileContext {
  broker: BrokerName;
  marker: string;
  skus: string[];
  /** Orders that exist (and are settled), so that inventory's answers change nothing in order-service. */
  orderIds: string[];
  /** Sources MESSAGING_ALLOWED_SOURCES lets publish order.created. */
  trustedSources: string[];
  maxEventBytes: number;
}

type Built = Omit<HostileMessage, 'tag' | 'duplicate'>;
type Blueprint = (tag: string) => Built;
/** Resolved after sampling, against the messages generated before it. */
type Reuse = { reuse: 'replay' | 'same-id-other-source'; pick: number };

const dead = (reason: RefusalReason): Expectation => ({ outcome: 'dead-lettered', reason });
const REQUIRED = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype'] as const;
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
/**
 * What a message body on SQS may hold: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD, and #x10000-#x10FFFF on
 * AWS itself. Not the last range here: the fauxqs emulator's SendMessage (with which the consumer
 * dead-letters) refuses characters above U+FFFF (its check is a regex without the u flag), while its
 * SNS delivers them, so such a message would reach the dead-letter queue only through the redrive
 * policy, without its reason. Generated text keeps to what both accept until the emulator does.
 */
const NOT_SQS_ALLOWED = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g;

interface EventParts {
  source: string;
  orderId: string;
  lines: OrderLineSpec[];
}

/** An acceptable order.created, subject (the tag) first so that a truncated copy still carries it. */
function eventFields(tag: string, { source, orderId, lines }: EventParts, id = `${tag}/${orderId}`) {
  return {
    subject: tag,
    specversion: '1.0',
    id,
    source,
    type: ORDER_CREATED,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { orderId, customerId: tag, items: lines },
  } as Record<string, unknown> & { id: string; data: Record<string, unknown> };
}

export function hostileMessages(context: HostileContext, count: number, seed: number): HostileMessage[] {
  const sampled = fc.sample(anyMessage(context), { numRuns: count, seed });
  const messages: HostileMessage[] = [];
  sampled.forEach((sample, index) => {
    const tag = `${context.marker}:${String(index).padStart(5, '0')}`;
    messages.push(resolve(sample, tag, messages, context));
  });
  return messages;
}

function resolve(sample: Blueprint | Reuse, tag: string, earlier: HostileMessage[], context: HostileContext) {
  const applied = earlier.filter((message) => message.expected.outcome === 'applied' && !message.duplicate);
  if (typeof sample === 'function' || applied.length === 0) {
    const built =
      typeof sample === 'function' ? sample(tag) : validEvent(context, { source: context.trustedSources[0] })(tag);
    return { tag, duplicate: false, ...withSizeLimit(built, context) };
  }
  const original = applied[sample.pick % applied.length];
  const expected = original.expected as Extract<Expectation, { outcome: 'applied' }>;
  const otherSource = context.trustedSources.find((source) => source !== expected.source)!;
  const taken = new Set(earlier.flatMap(({ expected: e }) => (e.outcome === 'applied' ? [`${e.source} ${e.id}`] : [])));
  if (sample.reuse === 'replay' || taken.has(`${otherSource} ${expected.id}`)) {
    return { ...original, kind: 'duplicate (same source and id)', duplicate: true };
  }
  // The same id from the other trusted source: a different event, applied in its own right.
  const parts = { source: otherSource, orderId: context.orderIds[0], lines: [{ sku: context.skus[0], quantity: 1 }] };
  const body = JSON.stringify(eventFields(tag, parts, expected.id));
  const built: Built = {
    kind: 'same id, other source',
    key: tag,
    body,
    expected: { outcome: 'applied', source: otherSource, id: expected.id, lines: parts.lines },
  };
  return { tag, duplicate: false, ...withSizeLimit(built, context) };
}

/** Larger than the limit: refused for that before anything else is looked at. */
function withSizeLimit(built: Built, context: HostileContext): Built {
  const size = typeof built.body === 'string' ? Buffer.byteLength(built.body) : built.body.length;
  return size > context.maxEventBytes
    ? { ...built, kind: `${built.kind} (oversized)`, expected: dead('MALFORMED') }
    : built;
}

function anyMessage(context: HostileContext): fc.Arbitrary<Blueprint | Reuse> {
  const reuse = (kind: Reuse['reuse']) => fc.nat().map((pick): Reuse => ({ reuse: kind, pick }));
  return fc.oneof(
    { weight: 22, arbitrary: validEvents(context) },
    { weight: 10, arbitrary: reuse('replay') },
    { weight: 5, arbitrary: reuse('same-id-other-source') },
    { weight: 5, arbitrary: randomBytes(context) },
    { weight: 5, arbitrary: truncatedJson(context) },
    { weight: 3, arbitrary: notAnObject() },
    { weight: 5, arbitrary: deepNesting(context) },
    { weight: 6, arbitrary: hugeStrings(context) },
    { weight: 4, arbitrary: hugeArrays(context) },
    { weight: 6, arbitrary: missingAttribute(context) },
    { weight: 4, arbitrary: duplicatedKey(context) },
    { weight: 7, arbitrary: oddAttributes(context) },
    { weight: 3, arbitrary: prototypeKeys(context) },
    { weight: 6, arbitrary: wrongTypes(context) },
    { weight: 4, arbitrary: controlCharacters(context) },
    { weight: 2, arbitrary: unhandledType(context) },
    { weight: 3, arbitrary: untrustedSource(context) },
    { weight: 2, arbitrary: oversized(context) },
    ...(context.broker === 'sqs' ? [] : [{ weight: 2, arbitrary: invalidUtf8(context) }]),
  );
}

function partsArbitrary(context: HostileContext): fc.Arbitrary<EventParts> {
  return fc.record({
    source: fc.constantFrom(...context.trustedSources),
    orderId: fc.constantFrom(...context.orderIds),
    lines: fc.array(fc.record({ sku: fc.constantFrom(...context.skus), quantity: fc.integer({ min: 1, max: 5 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  });
}

const json = (value: unknown) => JSON.stringify(value);

function validEvent(context: HostileContext, overrides: Partial<EventParts> = {}): Blueprint {
  const parts = {
    orderId: context.orderIds[0],
    lines: [{ sku: context.skus[0], quantity: 1 }],
    source: '',
    ...overrides,
  };
  return (tag) => {
    const event = eventFields(tag, parts);
    return { kind: 'valid', key: tag, body: json(event), expected: applied(event, parts) };
  };
}

const applied = (event: { id: string }, parts: EventParts): Expectation => ({
  outcome: 'applied',
  source: parts.source,
  id: event.id,
  lines: parts.lines,
});

/** Acceptable events, some with what is allowed but unusual: extensions, offsets, trace context to drop. */
function validEvents(context: HostileContext): fc.Arbitrary<Blueprint> {
  const extensions = fc.dictionary(
    fc
      .stringMatching(/^[a-z0-9]{1,20}$/)
      .filter(
        (name) =>
          ![...REQUIRED, 'data', 'traceparent', 'tracestate', 'dataschema', 'constructor', 'prototype'].includes(name),
      ),
    fc.oneof(
      fc
        .string({ minLength: 1, maxLength: 50 })
        .filter((s) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\uFDD0-\uFDEF\uFFFE\uFFFF]/u.test(s)),
      fc.boolean(),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    ),
    { maxKeys: 6 },
  );
  const variant = fc.oneof(
    fc.constant({ label: 'plain', extra: {} as Record<string, unknown> }),
    extensions.map((extra) => ({ label: 'with extensions', extra })),
    fc.constant({
      label: 'W3C trace context',
      extra: { traceparent: TRACEPARENT, tracestate: 'rojo=00f067aa0ba902b7' },
    }),
    fc
      .integer({ min: 1, max: 80_000 })
      .map((size) => ({ label: 'huge traceparent (dropped)', extra: { traceparent: `00-${'f'.repeat(size)}` } })),
    fc.constant({ label: 'traceparent of the wrong type (dropped)', extra: { traceparent: { evil: true } } }),
    fc.constant({ label: 'time with an offset', extra: { time: '2026-01-01T13:00:00.5+01:00' } }),
  );
  return fc.tuple(partsArbitrary(context), variant).map(([parts, { label, extra }]) => (tag: string) => {
    const event = { ...eventFields(tag, parts), ...extra };
    return { kind: `valid, ${label}`, key: tag, body: json(event), expected: applied(event, parts) };
  });
}

function randomBytes(context: HostileContext): fc.Arbitrary<Blueprint> {
  if (context.broker === 'sqs') {
    const text = (maxLength: number) =>
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength });
    return fc
      .tuple(text(2000), text(200))
      .map(([before, after]) => [before.replace(NOT_SQS_ALLOWED, ''), after.replace(NOT_SQS_ALLOWED, '')])
      .map(([before, after]) => (tag) => ({
        kind: 'random text',
        key: tag,
        body: `${before}${tag}${after}`,
        expected: dead('MALFORMED'),
      }));
  }
  return fc
    .tuple(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 200 }))
    .map(([before, after]) => (tag) => ({
      kind: 'random bytes',
      key: tag,
      body: Buffer.concat([before, Buffer.from(` ${tag} `), after]),
      expected: dead('MALFORMED'),
    }));
}

function truncatedJson(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc.tuple(partsArbitrary(context), fc.double({ min: 0, max: 1, noNaN: true })).map(([parts, at]) => (tag) => {
    const text = json(eventFields(tag, parts));
    const keep = `{"subject":"${tag}"`.length;
    const cut = keep + Math.floor(at * (text.length - 1 - keep));
    return { kind: 'truncated JSON', key: tag, body: text.slice(0, cut), expected: dead('MALFORMED') };
  });
}

function notAnObject(): fc.Arbitrary<Blueprint> {
  return fc.oneof(
    fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }).map((values) => (tag: string) => ({
      kind: 'a JSON array',
      key: tag,
      body: json([tag, ...values]),
      expected: dead('MALFORMED'),
    })),
    fc.string({ maxLength: 100 }).map((text) => (tag: string) => ({
      kind: 'a JSON string',
      key: tag,
      body: json(`${tag}${text}`),
      expected: dead('MALFORMED'),
    })),
  );
}

const nested = (depth: number, asObject: boolean) =>
  asObject ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;

function deepNesting(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc
    .tuple(
      partsArbitrary(context),
      fc.integer({ min: 33, max: 5000 }),
      fc.boolean(),
      fc.constantFrom('data', 'extension', 'root'),
    )
    .map(([parts, depth, asObject, where]) => (tag) => {
      const event = json(eventFields(tag, parts));
      const deep = nested(depth, asObject);
      const body =
        where === 'data'
          ? event.replace('"data":{', `"data":{"nested":${deep},`)
          : where === 'extension'
            ? event.replace(`{"subject":"${tag}",`, `{"subject":"${tag}","nested":${deep},`)
            : json([tag]).replace(']', `,${deep}]`);
      return {
        kind: `nested ${depth} deep in ${where}`,
        key: tag,
        body,
        // Only data may nest; nesting anywhere else is not a CloudEvent of this system.
        expected: dead(where === 'data' ? 'INVALID' : 'MALFORMED'),
      };
    });
}

function hugeStrings(context: HostileContext): fc.Arbitrary<Blueprint> {
  const attribute = fc.constantFrom(
    { name: 'id', min: 129, reason: 'MALFORMED' as const },
    { name: 'source', min: 257, reason: 'MALFORMED' as const },
    { name: 'type', min: 129, reason: 'MALFORMED' as const },
    { name: 'subject', min: 257, reason: 'MALFORMED' as const },
    { name: 'ext', min: 257, reason: 'MALFORMED' as const },
    { name: 'customerId', min: 65, reason: 'INVALID' as const },
  );
  return fc
    .tuple(partsArbitrary(context), attribute, fc.integer({ min: 0, max: 90_000 }))
    .map(([parts, { name, min, reason }, extra]) => (tag) => {
      const event = eventFields(tag, parts);
      const value = `${tag}${'x'.repeat(min + extra)}`;
      if (name === 'customerId') event.data.customerId = value;
      else event[name] = name === 'source' ? `/${value}` : value;
      return { kind: `huge ${name}`, key: tag, body: json(event), expected: dead(reason) };
    });
}

function hugeArrays(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc
    .tuple(partsArbitrary(context), fc.integer({ min: 51, max: 4000 }), fc.constantFrom('items', 'data', 'extension'))
    .map(([parts, length, where]) => (tag) => {
      const event = eventFields(tag, parts);
      const lines = Array.from({ length }, () => parts.lines[0]);
      if (where === 'items') event.data.items = lines;
      else if (where === 'data') event.data = lines as unknown as Record<string, unknown>;
      else event.list = lines;
      return {
        kind: `${length} elements in ${where}`,
        key: tag,
        body: json(event),
        expected: dead(where === 'extension' ? 'MALFORMED' : 'INVALID'),
      };
    });
}

function missingAttribute(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc.tuple(partsArbitrary(context), fc.constantFrom(...REQUIRED, 'data')).map(([parts, name]) => (tag) => {
    const event = eventFields(tag, parts);
    delete event[name];
    return {
      kind: `without ${name}`,
      key: tag,
      body: json(event),
      expected: dead(name === 'data' ? 'INVALID' : 'MALFORMED'),
    };
  });
}

function duplicatedKey(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc
    .tuple(partsArbitrary(context), fc.constantFrom(...REQUIRED, 'data', 'customerId'), fc.boolean())
    .map(([parts, name, sameValue]) => (tag) => {
      const event = eventFields(tag, parts);
      const text = json(event);
      const inData = name === 'customerId';
      const value = sameValue ? json(inData ? event.data.customerId : event[name]) : json(`${tag}-other`);
      const body = inData
        ? text.replace('"data":{', `"data":{"customerId":${value},`)
        : text.replace(`{"subject":"${tag}",`, `{"subject":"${tag}","${name}":${value},`);
      return { kind: `${name} given twice`, key: tag, body, expected: dead(inData ? 'INVALID' : 'MALFORMED') };
    });
}

function oddAttributes(context: HostileContext): fc.Arbitrary<Blueprint> {
  const odd = fc.oneof(
    fc
      .oneof(
        fc.constantFrom('Upper', 'with-dash', 'under_score', 'has space', 'a'.repeat(21), 'ünïcode', ''),
        fc.string({ minLength: 1, maxLength: 30 }),
      )
      .filter(
        (name) =>
          !/^[a-z0-9]{1,20}$/.test(name) &&
          !(REQUIRED as readonly string[]).includes(name) &&
          name !== 'data' &&
          name !== 'data_base64' &&
          name !== '__proto__',
      )
      .map((name) => ({ label: `extension name ${json(name)}`, extra: { [name]: 'x' } as Record<string, unknown> })),
    fc.integer({ min: 17, max: 60 }).map((count) => ({
      label: `${count} extensions`,
      extra: Object.fromEntries(Array.from({ length: count }, (_, index) => [`ext${index}`, index])),
    })),
    fc
      .oneof(
        fc.constant(null),
        fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
        fc.constant(2 ** 31),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.object({ maxDepth: 1 }),
      )
      .map((value) => ({ label: 'extension of a wrong type', extra: { ext: value } })),
    fc
      .constantFrom('0.3', '1', '1.0.0', '', '2.0')
      .map((specversion) => ({ label: `specversion ${json(specversion)}`, extra: { specversion } })),
    fc
      .constantFrom('text/plain', 'application/xml', 'APPLICATION/JSON', '')
      .map((type) => ({ label: `datacontenttype ${json(type)}`, extra: { datacontenttype: type } })),
    fc.constant({ label: 'data_base64', extra: { data_base64: 'eyJvcmRlcklkIjoieCJ9' } }),
    fc
      .constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-01-01', '1767268800', '')
      .map((time) => ({ label: `time ${json(time)}`, extra: { time } })),
    fc
      .constantFrom('not a uri', 'http://[bad', '')
      .map((source) => ({ label: `source ${json(source)}`, extra: { source } })),
  );
  return fc.tuple(partsArbitrary(context), odd).map(([parts, { label, extra }]) => (tag) => ({
    kind: label,
    key: tag,
    body: json({ ...eventFields(tag, parts), ...extra }),
    expected: dead('MALFORMED'),
  }));
}

function prototypeKeys(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc
    .tuple(
      partsArbitrary(context),
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom('envelope', 'data', 'line'),
    )
    .map(([parts, key, where]) => (tag) => {
      const text = json(eventFields(tag, parts));
      const member = `"${key}":{"isAdmin":true}`;
      const body =
        where === 'envelope'
          ? text.replace(`"subject":"${tag}",`, `"subject":"${tag}",${member},`)
          : where === 'data'
            ? text.replace('"data":{', `"data":{${member},`)
            : text.replace('"items":[{', `"items":[{${member},`);
      return {
        kind: `${key} in ${where}`,
        key: tag,
        body,
        expected: dead(where === 'envelope' ? 'MALFORMED' : 'INVALID'),
      };
    });
}

function wrongTypes(context: HostileContext): fc.Arbitrary<Blueprint> {
  const wrongValue = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
  );
  const envelope = fc
    .tuple(fc.constantFrom('id', 'source', 'type', 'time', 'datacontenttype', 'specversion'), wrongValue)
    .map(([name, value]) => ({ name, value, inData: false }));
  const data = fc
    .oneof(
      fc.tuple(
        fc.constant('quantity'),
        fc.oneof(
          fc.constant('2'),
          fc.double({ min: 1.1, max: 4.9, noNaN: true, noInteger: true }),
          fc.constant(0),
          fc.constant(1001),
          fc.constant(-1),
        ),
      ),
      fc.tuple(fc.constant('orderId'), fc.oneof(fc.constant('not-a-uuid'), fc.integer(), fc.constant(null))),
      fc.tuple(
        fc.constant('items'),
        fc.oneof(fc.constant({}), fc.constant('many'), fc.constant([]), fc.constant([null]), fc.constant([[]])),
      ),
      fc.tuple(
        fc.constant('sku'),
        fc.oneof(fc.constant('lower-case'), fc.constant(''), fc.constant('X'.repeat(33)), fc.integer()),
      ),
      fc.tuple(fc.constant('data'), fc.oneof(fc.constant('a string'), fc.integer(), fc.constant(null))),
    )
    .map(([name, value]) => ({ name, value, inData: true }));
  return fc
    .tuple(partsArbitrary(context), fc.oneof(envelope, data))
    .map(([parts, { name, value, inData }]) => (tag) => {
      const event = eventFields(tag, parts);
      if (name === 'quantity' || name === 'sku') event.data.items = [{ ...parts.lines[0], [name]: value }];
      else if (name === 'data') event.data = value as Record<string, unknown>;
      else if (inData) event.data[name] = value;
      else (event as Record<string, unknown>)[name] = value;
      return {
        kind: `${name} = ${json(value)?.slice(0, 30)}`,
        key: tag,
        body: json(event),
        expected: dead(inData ? 'INVALID' : 'MALFORMED'),
      };
    });
}

function controlCharacters(context: HostileContext): fc.Arbitrary<Blueprint> {
  const control = fc.oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.constantFrom(0x202e, 0x2028, 0x200b),
  );
  return fc
    .tuple(partsArbitrary(context), fc.constantFrom('id', 'source', 'subject', 'type'), control)
    .map(([parts, name, code]) => (tag) => {
      const event = eventFields(tag, parts);
      const char = String.fromCharCode(code);
      event[name] = name === 'source' ? `/${tag}${char}` : `${event[name] as string}${char}x`;
      return {
        kind: `U+${code.toString(16).padStart(4, '0')} in ${name}`,
        key: tag,
        body: json(event),
        expected: dead('MALFORMED'),
      };
    });
}

function unhandledType(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc
    .tuple(
      partsArbitrary(context),
      fc.constantFrom('order.cancelled', 'inventory.reserved', 'order.created.v2', 'com.example.evil'),
    )
    .map(([parts, type]) => (tag) => ({
      kind: `type ${type}`,
      key: tag,
      body: json({ ...eventFields(tag, parts), type }),
      expected: dead('UNHANDLED_TYPE'),
    }));
}

function untrustedSource(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc
    .tuple(
      partsArbitrary(context),
      fc.constantFrom('/intruder', '/order-service/', 'https://evil.example/orders', 'urn:x:y'),
    )
    .map(([parts, source]) => (tag) => ({
      kind: `source ${source}`,
      key: tag,
      body: json({ ...eventFields(tag, parts), source }),
      expected: dead('UNTRUSTED_SOURCE'),
    }));
}

function oversized(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc.tuple(partsArbitrary(context), fc.integer({ min: 1, max: 40_000 })).map(([parts, over]) => (tag) => {
    const event = eventFields(tag, parts);
    const padding = context.maxEventBytes + over - json(event).length;
    return {
      kind: 'oversized',
      key: tag,
      body: json({ ...event, padding: 'p'.repeat(Math.max(0, padding)) }),
      expected: dead('MALFORMED'),
    };
  });
}

function invalidUtf8(context: HostileContext): fc.Arbitrary<Blueprint> {
  return fc
    .tuple(partsArbitrary(context), fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]))
    .map(([parts, bytes]) => (tag) => {
      const [before, after] = json(eventFields(tag, parts)).split(`"customerId":"${tag}`);
      return {
        kind: 'invalid UTF-8',
        key: tag,
        body: Buffer.concat([Buffer.from(`${before}"customerId":"${tag}`), Buffer.from(bytes), Buffer.from(after)]),
        expected: dead('MALFORMED'),
      };
    });
}
