import type { HostileRequest } from './hostile-requests.js';

/**
 * The test's own reading of the HTTP contract (CONTRACT.md), written without the service's code:
 * the order a request validly asks for, or undefined when the service must not place one.
 * A 201 for a request this refuses is a finding.
 */
export function orderTheContractAllows(
  request: HostileRequest,
): { customerId: string; items: Array<{ sku: string; quantity: number }> } | undefined {
  if (request.method !== 'POST' || request.path !== '/orders' || !request.body) return undefined;
  const contentType = header(request, 'content-type');
  if (contentType === undefined || !/^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i.test(contentType.trim())) {
    return undefined;
  }
  const encoding = header(request, 'content-encoding');
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const key = request.headers['idempotency-key'];
  if (key !== undefined && !validKey(key)) return undefined;

  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body));
  } catch {
    return undefined;
  }
  if (!isPlainObject(body) || !hasExactly(body, ['customerId', 'items'])) return undefined;
  const { customerId, items } = body as { customerId: unknown; items: unknown };
  if (typeof customerId !== 'string' || customerId.length < 1 || customerId.length > 64) return undefined;
  if (!/^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u.test(customerId)) return undefined;
  if (!Array.isArray(items) || items.length < 1 || items.length > 50) return undefined;
  for (const line of items) {
    if (!isPlainObject(line) || !hasExactly(line, ['sku', 'quantity'])) return undefined;
    const { sku, quantity } = line as { sku: unknown; quantity: unknown };
    if (typeof sku !== 'string' || !/^[A-Z0-9-]{1,32}$/.test(sku)) return undefined;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 1000) {
      return undefined;
    }
  }
  return { customerId, items: items as Array<{ sku: string; quantity: number }> };
}

function header(request: HostileRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** draft-ietf-httpapi-idempotency-key-header as the contract states it: once, 1..255 printable ASCII. */
function validKey(value: string | string[]): boolean {
  if (Array.isArray(value)) return false;
  value = value.replace(/^[ \t]+|[ \t]+$/g, ''); // surrounding whitespace is not part of a field value (RFC 9110)
  const quoted = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/.exec(value);
  const key = quoted ? quoted[1].replace(/\\(["\\])/g, '$1') : /^[\x21\x23-\x7e][\x21-\x7e]*$/.test(value) ? value : '';
  return key.length >= 1 && key.length <= 255;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasExactly(value: Record<string, unknown>, names: string[]): boolean {
  const own = Object.keys(value);
  return own.length === names.length && names.every((name) => own.includes(name));
}
