import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER_TRANSPORT, type BrokerTransport } from '#messaging';
import { addToOutbox, OutboxRelay, type OutboxTables } from '#outbox';
import { DATABASE } from '#persistence';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Kysely } from 'kysely';
import { benchEnvelope } from '../bench-event.js';
import type { ThroughputLayer } from '../bench-result.js';
import { benchMessagingConfig, type LayerContext } from '../layer-context.js';
import { ConsumeCpu, perSecond } from '../throughput.js';
import { waitFor } from '../wait-for.js';
import { removeBenchTopology, removeLeftoverBenchTopics } from './bench-topology.js';
import { HandledEvents, MessagingPathModule } from './messaging-path.module.js';

/** Rows per INSERT: SQLite binds at most 32,766 parameters per statement. */
const INSERT_CHUNK = 1_000;

/**
 * Layer c: the outbox relay publishing through libs/messaging to a @HandleEvent handler, in a Nest
 * application composed as the services are, on SQLite in a temp dir and a bench-only service name.
 * Publish: N rows committed in one transaction, then notify(); timed until every row is published.
 * Consume: the consumer starts only then; timed from the first handled event to the Nth.
 */
export async function measureMessagingPath(context: LayerContext): Promise<ThroughputLayer> {
  const messaging = benchMessagingConfig(context.broker, `bench-messaging-path-${context.runId}`);
  const dir = await mkdtemp(join(tmpdir(), 'bench-messaging-path-'));
  const handled = new HandledEvents();
  await removeLeftoverBenchTopics(messaging);
  const app = await NestFactory.create(
    MessagingPathModule.register(messaging, `sqlite:${join(dir, 'bench.sqlite')}`, handled),
    new FastifyAdapter(),
    { logger: ['error', 'warn'] },
  );
  try {
    app.connectMicroservice(app.get<BrokerTransport>(BROKER_TRANSPORT).serverOptions());
    await app.init();
    const db = app.get<Kysely<OutboxTables>>(DATABASE);
    const relay = app.get(OutboxRelay);

    const envelopes = Array.from({ length: context.events }, () => benchEnvelope());
    await db.transaction().execute(async (trx) => {
      for (let first = 0; first < envelopes.length; first += INSERT_CHUNK) {
        await addToOutbox(trx, envelopes.slice(first, first + INSERT_CHUNK));
      }
    });
    const publishing = context.progress.phase(`${context.broker} messaging path: outbox relay`, context.events);
    const started = performance.now();
    relay.notify();
    let finished = started;
    await waitFor(
      'the outbox relay to publish every row',
      async () => {
        const { pending } = await db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('pending'))
          .where('published_at', 'is', null)
          .executeTakeFirstOrThrow();
        finished = performance.now();
        publishing.advance(context.events - Number(pending));
        return Number(pending) === 0;
      },
      300_000,
    );
    const publishPerSecond = perSecond(context.events, finished - started);
    publishing.end(`${publishPerSecond?.toLocaleString('en-US')} msg/s published`);

    const consuming = context.progress.phase(`${context.broker} messaging path: @HandleEvent`, context.events);
    const cpu = new ConsumeCpu();
    await app.startAllMicroservices();
    await waitFor(
      'the @HandleEvent handler to count every event',
      () => {
        consuming.advance(handled.count);
        return handled.count >= context.events;
      },
      300_000,
    );
    const consumePerSecond = handled.rate();
    consuming.end(`${consumePerSecond?.toLocaleString('en-US')} msg/s consumed`);
    return {
      layer: 'messaging-path',
      available: true,
      tool: 'libs/messaging + libs/outbox (OutboxRelay -> EventPublisher -> @HandleEvent)',
      note:
        'SQLite outbox: N rows in one transaction, then OutboxRelay.notify(), timed until every row has published_at; ' +
        'the consumer starts after that, timed from the first handled event to the Nth (validated payload, ack after the handler); ' +
        'each envelope has its own id (the outbox key)',
      events: context.events,
      publishPerSecond,
      consumePerSecond,
      consumeCpuUsPerEvent: cpu.microsPerEvent(handled.count),
    };
  } finally {
    await app.close();
    await removeBenchTopology(messaging).catch((error: unknown) =>
      context.progress.line(`warning: could not remove the bench topology (${(error as Error).message})`),
    );
    await rm(dir, { recursive: true, force: true });
  }
}
