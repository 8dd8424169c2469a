/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/), as the CloudEvents distributed-tracing
 * extension carries it. Only what this version of the format defines is accepted: a producer's
 * trace context either has this shape or is not one, and is then dropped rather than passed on.
 */

/** version 00, 32 hex trace-id, 16 hex parent-id, 2 hex flags; version ff and all-zero ids are invalid. */
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** tracestate: at most 32 list members, 512 characters in all (what W3C asks vendors to propagate). */
const TRACESTATE_MAX_MEMBERS = 32;
const TRACESTATE_MAX_LENGTH = 512;
const TRACESTATE_MEMBER =
  /^(?:[a-z][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

export function isTraceparent(value: unknown): value is string {
  return typeof value === 'string' && TRACEPARENT.test(value);
}

export function isTracestate(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > TRACESTATE_MAX_LENGTH) return false;
  // Members are separated by commas with optional spaces or tabs; empty members are allowed.
  const members = value.split(',').map((member) => member.replace(/^[ \t]+|[ \t]+$/g, ''));
  const present = members.filter((member) => member !== '');
  if (present.length > TRACESTATE_MAX_MEMBERS) return false;
  const keys = present.map((member) => member.slice(0, member.indexOf('=')));
  return present.every((member) => TRACESTATE_MEMBER.test(member)) && new Set(keys).size === keys.length;
}
