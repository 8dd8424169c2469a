// Readiness probing shared by the broker's and the database's health indicators (messaging and
// persistence), which must not depend on each other; this lib imports no other.
export { CachedProbe, type CachedProbeOptions } from './cached-probe.js';
