import amqp, { type ConsumeMessage } from 'amqplib';
import type { ThroughputLayer } from '../bench-result.js';
import { CONFIRM_WINDOW, deleteQueue, PREFETCH } from '../ceiling/rabbitmq-ceiling.js';
import type { LayerContext } from '../layer-context.js';
import { ConsumeClock, ConsumeCpu, perSecond } from '../throughput.js';
import { waitFor } from '../wait-for.js';
import { describeWork, RAW_LAYER, takeDelivery, type RawConsumerWork } from './raw-consumer-work.js';

/** Deliveries acknowledged at once (ack with multiple=true). */
const ACK_EVERY = 64;

/**
 * amqplib as RabbitMQ's docs suggest for throughput, with the services' guarantees: a confirm channel,
 * persistent messages and a window of unconfirmed publishes; a consumer with prefetch and manual acks.
 */
export async function rabbitmqRawClient(context: LayerContext, work: RawConsumerWork): Promise<ThroughputLayer> {
  const queue = `bench-raw-${work}-${context.runId}`;
  const connection = await amqp.connect(context.messaging.rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, 'amq.direct', queue);

    const publishing = context.progress.phase(`${context.broker} raw client (${work}): publish`, context.events);
    const started = performance.now();
    let inFlight = 0;
    let confirmed = 0;
    let failure: Error | null = null;
    let freed: (() => void) | null = null;
    for (let sent = 0; sent < context.events; sent += 1) {
      while (inFlight >= CONFIRM_WINDOW) await new Promise<void>((resolve) => (freed = resolve));
      if (failure) throw failure;
      inFlight += 1;
      const writable = channel.publish(
        'amq.direct',
        queue,
        context.eventBytes,
        { persistent: true, contentType: 'application/cloudevents+json' },
        (error) => {
          if (error) failure ??= error instanceof Error ? error : new Error(String(error));
          inFlight -= 1;
          confirmed += 1;
          freed?.();
          freed = null;
        },
      );
      if (!writable) await new Promise((resolve) => channel.once('drain', resolve));
      if (sent % 1_000 === 0) publishing.advance(confirmed);
    }
    await channel.waitForConfirms();
    if (failure) throw failure;
    const publishPerSecond = perSecond(context.events, performance.now() - started);
    publishing.end(`${publishPerSecond?.toLocaleString('en-US')} msg/s published`);

    const consuming = context.progress.phase(`${context.broker} raw client (${work}): consume`, context.events);
    const clock = new ConsumeClock();
    const cpu = new ConsumeCpu();
    await channel.prefetch(PREFETCH);
    await channel.consume(
      queue,
      (message: ConsumeMessage | null) => {
        if (!message) return;
        takeDelivery(work, message.content);
        clock.received();
        if (clock.count % ACK_EVERY === 0 || clock.count >= context.events) channel.ack(message, true);
        if (clock.count % 1_000 === 0) consuming.advance(clock.count);
      },
      { noAck: false },
    );
    await waitFor('the raw amqplib consumer to take every event', () => clock.count >= context.events, 120_000);
    const consumePerSecond = clock.rate();
    consuming.end(`${consumePerSecond?.toLocaleString('en-US')} msg/s consumed`);
    return {
      layer: RAW_LAYER[work],
      available: true,
      tool: 'amqplib 2.3.1',
      note:
        `confirm channel, persistent, ${CONFIRM_WINDOW} unconfirmed publishes in flight; prefetch ${PREFETCH}, ` +
        `manual acks (multiple, every ${ACK_EVERY}); publish all, then consume all; ${describeWork(work)}`,
      events: context.events,
      publishPerSecond,
      consumePerSecond,
      consumeCpuUsPerEvent: cpu.microsPerEvent(clock.count),
    };
  } finally {
    await connection.close().catch(() => undefined);
    await deleteQueue(context.messaging.rabbitmqUrl, queue);
  }
}
