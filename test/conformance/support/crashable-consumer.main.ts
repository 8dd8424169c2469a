/**
 * A consumer in a process of its own, so a test can kill it like a crash (SIGKILL: no shutdown hook,
 * no ack, no commit). Its handler takes every event and never returns, so all it received stays
 * unacknowledged. It reports on stdout, one JSON line per fact, prefixed with CONFORMANCE_LINE.
 * Started by CrashableConsumer (crashable-consumer.ts) with `node --import tsx`.
 */
import { register } from 'node:module';
import type { ConformanceBroker } from '../capabilities.js';
import { CONFORMANCE_LINE } from './crashable-consumer.protocol.js';

// Nest needs decorator metadata, which tsx does not emit: compile the repository's files with TypeScript.
register('../../../scripts/typescript-hooks.js', import.meta.url);
const { startConsumer } = await import('./conformance-app.js');

const report = (fact: object) => process.stdout.write(`${CONFORMANCE_LINE}${JSON.stringify(fact)}\n`);
const required = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

await startConsumer({
  broker: required('CONFORMANCE_BROKER') as ConformanceBroker,
  serviceName: required('CONFORMANCE_SERVICE'),
  type: required('CONFORMANCE_TYPE'),
  behaviour: 'hold',
  onAttempt: (event) => report({ received: event.id }),
});
report({ ready: true });
