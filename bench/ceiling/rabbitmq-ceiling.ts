import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import amqp from 'amqplib';
import type { ThroughputLayer } from '../bench-result.js';
import type { LayerContext } from '../layer-context.js';
import { PERF_TEST, run, toolClasspath } from './tool-jars.js';

/** Unconfirmed publishes in flight: the window of RabbitMQ's published persistent-message benchmark. */
export const CONFIRM_WINDOW = 192;
/** Unacknowledged deliveries a consumer may hold. */
export const PREFETCH = 192;

/**
 * RabbitMQ PerfTest: one producer publishes the N events (persistent, confirms with a window), then
 * one consumer takes them (manual acks, PerfTest's default), on a bench-only durable queue.
 */
export async function rabbitmqCeiling(context: LayerContext, workDir: string): Promise<ThroughputLayer> {
  const classpath = await toolClasspath(context.root, PERF_TEST);
  const queue = `bench-ceiling-${context.runId}`;
  const bodyFile = join(workDir, 'rabbitmq-body.json');
  await writeFile(bodyFile, context.eventBytes);
  const perfTest = (args: string[]) =>
    run('java', [
      '-Xmx512m',
      '-cp',
      classpath,
      'com.rabbitmq.perf.PerfTest',
      '--uri',
      context.messaging.rabbitmqUrl,
      ...args,
    ]);
  try {
    const publishing = context.progress.phase(`${context.broker} ceiling: PerfTest producer`);
    const produced = await perfTest([
      '--producers',
      '1',
      '--consumers',
      '0',
      '--pmessages',
      String(context.events),
      '--queue',
      queue,
      '--auto-delete',
      'false',
      // A pre-existing exchange, so nothing but the queue is left to clean up.
      '--exchange',
      'amq.direct',
      '--routing-key',
      queue,
      '--flag',
      'persistent',
      '--confirm',
      String(CONFIRM_WINDOW),
      '--body',
      bodyFile,
      '--body-content-type',
      'application/cloudevents+json',
    ]);
    const publishPerSecond = perfTestRate(produced.output, 'sending');
    if (produced.code !== 0 || publishPerSecond === null) {
      throw new Error(`PerfTest producer failed (exit ${produced.code}):\n${produced.output.slice(-2_000)}`);
    }
    publishing.end(`${publishPerSecond.toLocaleString('en-US')} msg/s published`);

    const consuming = context.progress.phase(`${context.broker} ceiling: PerfTest consumer`);
    const consumed = await perfTest([
      '--producers',
      '0',
      '--consumers',
      '1',
      '--cmessages',
      String(context.events),
      '--queue',
      queue,
      '--predeclared',
      '--qos',
      String(PREFETCH),
    ]);
    const consumePerSecond = perfTestRate(consumed.output, 'receiving');
    if (consumed.code !== 0 || consumePerSecond === null) {
      throw new Error(`PerfTest consumer failed (exit ${consumed.code}):\n${consumed.output.slice(-2_000)}`);
    }
    consuming.end(`${consumePerSecond.toLocaleString('en-US')} msg/s consumed`);
    return {
      layer: 'ceiling',
      available: true,
      tool: `RabbitMQ PerfTest ${PERF_TEST.version}`,
      note:
        `persistent, publisher confirms (window ${CONFIRM_WINDOW}), manual acks, prefetch ${PREFETCH}, ` +
        'one producer and one consumer; publish all, then consume all',
      events: context.events,
      publishPerSecond,
      consumePerSecond,
    };
  } finally {
    await deleteQueue(context.messaging.rabbitmqUrl, queue);
  }
}

/** "id: test-..., sending rate avg: 4347 msg/s" (or "receiving rate avg"). */
export function perfTestRate(output: string, direction: 'sending' | 'receiving'): number | null {
  const match = new RegExp(`${direction} rate avg: (\\d+) msg/s`).exec(output);
  const rate = match ? Number(match[1]) : 0;
  return rate > 0 ? rate : null;
}

export async function deleteQueue(url: string, queue: string): Promise<void> {
  const connection = await amqp.connect(url).catch(() => null);
  if (!connection) return;
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
  } catch {
    // Already gone: nothing to clean up.
  } finally {
    await connection.close().catch(() => undefined);
  }
}
