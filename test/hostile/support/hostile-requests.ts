import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

/** One request as sent on the wire; `kind` says what the service must answer it with. */
export interface HostileRequest {
  kind: RequestKind;
  method: 'POST' | 'PUT' | 'GET';
  path: string;
  /** Header values; an array is sent as that many header lines. */
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Send the body chunked instead of with a Content-Length. */
  chunked?: boolean;
}

/**
 * - `valid`: a valid order (201; 409 or 422 when its key from the shared pool was used before);
 * - `refused`: POST /orders that must be refused (400, 413, 415, or 409/422 for a pooled key);
 * - `admin`: PUT /stock without the right token (400, 401, 413, 415: never applied);
 * - `read`: GETs with odd ids (200, 400, 404).
 */
export type RequestKind = 'valid' | 'refused' | 'admin' | 'read';

export const ALLOWED_STATUSES: Record<RequestKind, readonly number[]> = {
  valid: [201, 409, 422],
  refused: [400, 409, 413, 415, 422],
  admin: [400, 401, 413, 415],
  read: [200, 400, 404],
};

const json = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const JSON_TYPE = { 'content-type': 'application/json' };

/** Keys shared between requests and customers: replays, 422s, 409s and per-customer scoping. */
const KEY_POOL = Array.from({ length: 12 }, (_, index) => `pool-${index}-${randomUUID().slice(0, 8)}`);
/** Few customers, so pooled keys meet the same customer again. */
const CUSTOMER_POOL = ['alice', 'bob', 'Zoë', '山田', 'o’brien', 'c-1'];

const printable = (text: string) => /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u.test(text);
const customerId = fc.oneof(
  { arbitrary: fc.constantFrom(...CUSTOMER_POOL), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter(printable), weight: 1 },
);

export interface Catalogue {
  skus: string[];
  adminPath: (sku: string) => string;
}

function idempotencyKey() {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: fc.constantFrom(...KEY_POOL), weight: 3 },
    { arbitrary: fc.constantFrom(...KEY_POOL).map((key) => `"${key}"`), weight: 1 },
  );
}

function orderBody(catalogue: Catalogue) {
  const sku = fc.oneof(
    { arbitrary: fc.constantFrom(...catalogue.skus), weight: 5 },
    { arbitrary: fc.stringMatching(/^[A-Z0-9-]{1,32}$/), weight: 1 },
  );
  return fc.record({
    customerId,
    items: fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 4 }),
  });
}

function withKey(headers: Record<string, string | string[]>, key: string | undefined) {
  return key === undefined ? headers : { ...headers, 'idempotency-key': key };
}

/** Valid orders, some with pooled keys. */
function validOrders(catalogue: Catalogue): fc.Arbitrary<HostileRequest> {
  return fc
    .record({ body: orderBody(catalogue), key: idempotencyKey(), chunked: fc.boolean() })
    .map(({ body, key, chunked }) => ({
      kind: 'valid' as const,
      method: 'POST' as const,
      path: '/orders',
      headers: withKey(JSON_TYPE, key),
      body: json(body),
      chunked,
    }));
}

/** A valid order with one thing wrong in it, as JSON text. */
function mutatedOrders(catalogue: Catalogue): fc.Arbitrary<string> {
  const base = orderBody(catalogue);
  const control = fc.constantFrom('\u0000', '\u001b[31m', '\u0007', '\t', '\n', '\u007f', '\u009b', '\u202e', '\u200b');
  const badNumber = fc.constantFrom(
    '1e400',
    '-1e400',
    '9007199254740993',
    '1.0000000000000001',
    '1'.repeat(400),
    '0.5',
    '-1',
    '0',
    '1001',
    '1e3',
    '1E2',
  );
  const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '\\u005f_proto__');
  return fc.oneof(
    fc.tuple(base, fc.string(), fc.anything()).map(([order, name, value]) => {
      const mutated: Record<string, unknown> = { ...order, [name || 'extra']: value };
      return JSON.stringify(mutated);
    }),
    fc
      .tuple(base, fc.constantFrom('customerId', 'items'), fc.anything())
      .map(([order, field, value]) => JSON.stringify({ ...order, [field]: value ?? null })),
    fc
      .tuple(base, fc.anything())
      .map(([order, value]) => JSON.stringify({ ...order, items: [{ ...order.items[0], quantity: value ?? null }] })),
    fc.tuple(base, control, fc.nat(10)).map(([order, char, at]) => {
      const id = order.customerId;
      return JSON.stringify({ ...order, customerId: id.slice(0, at) + char + id.slice(at) });
    }),
    fc
      .tuple(base, badNumber)
      .map(([order, number]) => JSON.stringify(order).replace(/"quantity":\d+/, `"quantity":${number}`)),
    fc.tuple(base, protoKey, fc.boolean()).map(([order, key, nested]) => {
      const text = JSON.stringify(order);
      return nested
        ? text.replace('"quantity":', `"${key}":{"isAdmin":true},"quantity":`)
        : text.replace('{', `{"${key}":{"polluted":true},`);
    }),
    // The same name twice: JSON.parse would keep the last one silently.
    fc.tuple(base, fc.constantFrom('customerId', 'items', 'sku', 'quantity')).map(([order, name]) => {
      const text = JSON.stringify(order);
      return text.replace(new RegExp(`"${name}":([^,}\\]]+|\\[[^\\]]*\\])`), (field) => `${field},${field}`);
    }),
    base.map((order) => JSON.stringify({ ...order, items: [] })),
    fc
      .tuple(base, fc.integer({ min: 51, max: 3000 }))
      .map(([order, count]) =>
        JSON.stringify({ ...order, items: Array.from({ length: count }, () => order.items[0]) }),
      ),
    fc
      .tuple(base, fc.integer({ min: 65, max: 90_000 }))
      .map(([order, length]) => JSON.stringify({ ...order, customerId: 'x'.repeat(length) })),
    fc
      .tuple(base, fc.constantFrom('sku 1', 'sku-1', '', 'A'.repeat(33), 'A_B', 'Ä'))
      .map(([order, sku]) => JSON.stringify({ ...order, items: [{ sku, quantity: 1 }] })),
  );
}

/** Text that is not an order at all. */
function rawBodies(catalogue: Catalogue): fc.Arbitrary<Buffer> {
  const nested = fc
    .tuple(fc.integer({ min: 33, max: 5000 }), fc.constantFrom('[', '{"a":', '[{"a":'), fc.boolean())
    .map(([depth, open, closed]) => {
      const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
      return open.repeat(depth) + (open === '[' ? '' : '1') + (closed ? close.repeat(depth) : '');
    });
  return fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    fc
      .tuple(orderBody(catalogue), fc.nat())
      .map(([order, cut]) => {
        const text = JSON.stringify(order);
        return text.slice(0, cut % text.length);
      })
      .map(json),
    nested.map(json),
    fc.json({ depthSize: 'medium' }).map(json),
    fc
      .constantFrom('null', '"order"', '42', 'true', '[]', '{}', '', ' ', '\ufeff{}', '[' + '1,'.repeat(20_000) + '1]')
      .map(json),
    fc.array(fc.anything(), { maxLength: 200 }).map(json),
  );
}

const ODD_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/jsonx',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=utf-7',
  'json',
  '*/*',
  'application/',
  ';;;',
];

/** Every kind of request, weighted so that about a third are valid orders. */
export function hostileRequests(catalogue: Catalogue, adminToken: string): fc.Arbitrary<HostileRequest> {
  const refused = (body: fc.Arbitrary<Buffer>) =>
    fc.record({ body, key: idempotencyKey(), chunked: fc.boolean() }).map(({ body: bytes, key, chunked }) => ({
      kind: 'refused' as const,
      method: 'POST' as const,
      path: '/orders',
      headers: withKey(JSON_TYPE, key),
      body: bytes,
      chunked,
    }));
  const oddContentType = fc
    .tuple(orderBody(catalogue), fc.option(fc.constantFrom(...ODD_CONTENT_TYPES), { nil: undefined }))
    .map(([body, contentType]): HostileRequest => ({
      kind: 'refused',
      method: 'POST',
      path: '/orders',
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      body: json(body),
    }));
  const oddEncoding = fc
    .tuple(orderBody(catalogue), fc.constantFrom('gzip', 'deflate', 'br', 'x-custom', 'gzip, gzip'))
    .map(([body, encoding]): HostileRequest => ({
      kind: 'refused',
      method: 'POST',
      path: '/orders',
      headers: { ...JSON_TYPE, 'content-encoding': encoding },
      body: json(body),
    }));
  // Header values a client can send (tab, visible ASCII, Latin-1), but not keys the service accepts.
  const keyChars = fc.constantFrom(...'\t"\\ é\u00ff\u0080', ...'abc-123');
  const oddKey = fc.oneof(
    fc.integer({ min: 256, max: 9000 }).map((length) => 'k'.repeat(length)),
    fc.constant('""'),
    fc.string({ unit: keyChars, minLength: 1, maxLength: 40 }).filter((key) => /[\t"\\ \u0080-\u00ff]/.test(key)),
    fc.tuple(fc.constantFrom(...KEY_POOL), fc.uuid()).map((keys) => [...keys]),
    fc.constantFrom(...KEY_POOL).map((key) => [key, key]),
    fc.constant('"unterminated'),
  );
  const oddKeys = fc.tuple(orderBody(catalogue), oddKey).map(([body, key]): HostileRequest => ({
    kind: 'refused',
    method: 'POST',
    path: '/orders',
    headers: { ...JSON_TYPE, 'idempotency-key': key },
    body: json(body),
  }));
  const admin = fc
    .tuple(
      fc.constantFrom(...catalogue.skus),
      fc.oneof(
        fc.constant(undefined),
        fc.constant(`Bearer ${adminToken.slice(1)}`),
        fc.constant(`bearer ${adminToken}x`),
        fc.constant(`Basic ${Buffer.from(`admin:${adminToken}`).toString('base64')}`),
        fc.string({ maxLength: 60 }).map((text) => `Bearer ${encodeURIComponent(text)}`),
      ),
      fc.oneof(
        fc.integer({ min: 0, max: 1_000_000 }).map((available) => json({ available })),
        rawBodies(catalogue),
      ),
    )
    .map(([sku, authorization, body]): HostileRequest => ({
      kind: 'admin',
      method: 'PUT',
      path: catalogue.adminPath(sku),
      headers: { ...JSON_TYPE, ...(authorization === undefined ? {} : { authorization }) },
      body,
    }));
  const read = fc
    .tuple(
      fc.constantFrom('/orders/', '/stock/'),
      fc.oneof(
        fc.uuid(),
        fc.string({ maxLength: 80 }).map(encodeURIComponent),
        fc.constantFrom('%E0%A4%A', '%', '%00', '..%2F..%2Fetc%2Fpasswd', '%C0%AE', ...catalogue.skus),
      ),
    )
    .map(([prefix, id]): HostileRequest => ({ kind: 'read', method: 'GET', path: prefix + id, headers: {} }));

  return fc.oneof(
    { arbitrary: validOrders(catalogue), weight: 10 },
    { arbitrary: refused(mutatedOrders(catalogue).map(json)), weight: 8 },
    { arbitrary: refused(rawBodies(catalogue)), weight: 6 },
    { arbitrary: oddContentType, weight: 3 },
    { arbitrary: oddEncoding, weight: 1 },
    { arbitrary: oddKeys, weight: 3 },
    { arbitrary: admin, weight: 2 },
    { arbitrary: read, weight: 2 },
  );
}

/**
 * The same order sent several times at once with one fresh key, as an impatient client retrying:
 * one is placed, the others replay it or find it in flight (409).
 */
export function racingRetries(catalogue: Catalogue, copies: number): fc.Arbitrary<HostileRequest[]> {
  return fc.record({ body: orderBody(catalogue), key: fc.uuid() }).map(({ body, key }) =>
    Array.from({ length: copies }, () => ({
      kind: 'valid' as const,
      method: 'POST' as const,
      path: '/orders',
      headers: withKey(JSON_TYPE, `pool-race-${key}`),
      body: json(body),
    })),
  );
}
