import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ThroughputLayer } from '../bench-result.js';
import type { LayerContext } from '../layer-context.js';
import { kafkaCeiling } from './kafka-ceiling.js';
import { rabbitmqCeiling } from './rabbitmq-ceiling.js';

/** Layer a: what the broker itself does with the bench event, measured by the broker's own tool. */
export async function measureCeiling(context: LayerContext): Promise<ThroughputLayer> {
  if (context.broker === 'sqs') {
    context.progress.line(`${context.broker} ceiling: n/a (the emulator has no load tool)`);
    return {
      layer: 'ceiling',
      available: false,
      note: 'the SNS/SQS emulator (fauxqs) has no load tool of its own, and AWS publishes none for SQS',
      tool: 'none',
      events: context.events,
      publishPerSecond: null,
      consumePerSecond: null,
    };
  }
  const workDir = await mkdtemp(join(tmpdir(), 'bench-ceiling-'));
  try {
    return context.broker === 'kafka' ? await kafkaCeiling(context, workDir) : await rabbitmqCeiling(context, workDir);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
