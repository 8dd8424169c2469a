/**
 * Transport conformance, in the spirit of Watermill's TestPubSub: one set of scenarios, run for every
 * broker through the real transport of libs/messaging (MessagingModule, @HandleEvent handlers on Nest's
 * microservice from `transport.serverOptions()`, EventPublisher over the ClientProxy), and held to what
 * capabilities.ts says the broker promises. Each run uses its own event types and services, and
 * deletes them at the end. CONFORMANCE_LOG_LEVEL=warn shows what the test apps log.
 */
import type { EventEnvelope } from '#events';
import { BROKERS, type BrokerName, type ReceivedEvent } from '#messaging';
import { openDeadLetterStore } from '#messaging/operator';
import { type BrokerAdmin, brokerAdminFor, brokerControlFor, BROKERS_UNDER_TEST, waitFor } from '#testing';
import { capabilitiesOf, CONFORMANCE_BROKERS, type Capability, type ConformanceBroker } from './capabilities.js';
import { startPublisher, type RunningPublisher } from './support/conformance-app.js';
import { pings, type ConformancePing } from './support/conformance-ping.js';
import { ConformanceRun, newRunMarker } from './support/conformance-run.js';
import { publishAll, publishInOrder, publishStream } from './support/publishing.js';
import { waitForAll } from './support/wait-for-all.js';

const MARKER = newRunMarker();

/** Why a broker of the table does not run here, if it does not. */
function skipReason(broker: ConformanceBroker): string | undefined {
  const underTest: readonly string[] = BROKERS_UNDER_TEST;
  if (!underTest.includes(broker)) return `not in E2E_BROKERS (${underTest.join(',')})`;
  const transports: readonly string[] = BROKERS;
  if (!transports.includes(broker)) return `libs/messaging has no ${broker} transport (BROKER: ${BROKERS.join(', ')})`;
  return undefined;
}

for (const broker of CONFORMANCE_BROKERS) {
  const reason = skipReason(broker);
  if (reason) describe.skip(`${broker} transport conformance — SKIPPED: ${reason}`, () => scenarios(broker));
  else describe(`${broker} transport conformance`, () => scenarios(broker));
}

/** The envelope attributes a handler sees, as they were sent. */
const asSent = ({ id, type, source, subject, time, traceparent, data }: EventEnvelope<ConformancePing>) => ({
  id,
  type,
  source,
  subject,
  time,
  traceparent,
  data,
});

/** The same attributes as the handler received them, data as plain JSON (not the validated class instance). */
const asReceived = ({ id, type, source, subject, time, traceparent, data }: ReceivedEvent<ConformancePing>) => ({
  id,
  type,
  source,
  subject,
  time,
  traceparent,
  data: JSON.parse(JSON.stringify(data)) as ConformancePing,
});

const idsOf = (envelopes: EventEnvelope[]) => envelopes.map((envelope) => envelope.id);

function scenarios(broker: ConformanceBroker) {
  const claims = capabilitiesOf(broker);
  const run = new ConformanceRun(broker, MARKER);
  let admin: BrokerAdmin;
  let publisher: RunningPublisher;

  /** A scenario of one capability: run where the broker promises it, listed as skipped with its reason where not. */
  const itWhenPromised = (capability: Capability, title: string, test: () => Promise<void>, timeoutMs: number) => {
    const { promised, why } = claims[capability];
    if (promised) it(title, test, timeoutMs);
    else it.skip(`${title} — not promised by ${broker}: ${why}`, test, timeoutMs);
  };

  beforeAll(async () => {
    admin = brokerAdminFor(broker as BrokerName);
    publisher = await startPublisher(broker, run.service('publisher'), run.types);
  }, 60_000);

  afterEach(() => run.stopEverything(), 60_000);

  afterAll(async () => {
    await publisher?.close();
    if (admin) await run.deleteFromBroker(admin);
  }, 60_000);

  it('publish/consume: 200 events all arrive, each exactly as it was sent', async () => {
    const type = run.type('pubsub');
    const consumer = await run.startConsumer({ serviceName: run.service('pubsub'), type });
    const sent = pings(type, publisher.source, 200);

    await publishAll(publisher, sent);

    await waitForAll('the 200 events to be handled', idsOf(sent), () => consumer.log.ids);
    const received = new Map(consumer.log.handled.map((event) => [event.id, asReceived(event)]));
    expect(sent.map((envelope) => received.get(envelope.id))).toEqual(sent.map(asSent));
    expect(received.size).toBe(sent.length);
  }, 60_000);

  const ordering = claims.orderingPerKey;
  it(
    ordering.promised
      ? 'ordering per key: 100 events on one key are handled in the order they were published'
      : `ordering per key is not promised (${ordering.why}): 100 events on one key all arrive`,
    async () => {
      const type = run.type('order');
      // Handlers take a random 0-20 ms, longer than a publish takes: the events queue up, and a broker that
      // hands one key's events out concurrently shows it.
      const consumer = await run.startConsumer({ serviceName: run.service('order'), type, jitterMs: 20 });
      const sent = pings(type, publisher.source, 100, { keyOf: () => `one-key-${MARKER}` });

      await publishInOrder(publisher, sent);

      await waitForAll('the 100 events to be handled', idsOf(sent), () => consumer.log.ids);
      const firstHandled = [...new Map(consumer.log.handled.map((event) => [event.id, event.data.seq])).values()];
      const published = sent.map((envelope) => envelope.data!.seq);
      if (ordering.promised) expect(firstHandled).toEqual(published);
      else expect([...firstHandled].sort((a, b) => a - b)).toEqual(published);
    },
    60_000,
  );

  itWhenPromised(
    'competingConsumers',
    'competing consumers: two instances of one service share 200 events, each handled by exactly one',
    async () => {
      const [type, serviceName] = [run.type('compete'), run.service('compete')];
      const first = await run.startConsumer({ serviceName, type });
      const second = await run.startConsumer({ serviceName, type });
      // Both joined before anything is sent: no rebalance moves work (and redelivers it) mid-test.
      await waitFor('both instances to be consuming', () => admin.consumersActive(serviceName, 2), {
        timeoutMs: 45_000,
        intervalMs: 250,
      });
      const sent = pings(type, publisher.source, 200);

      await publishAll(publisher, sent);

      const union = () => new Set([...first.log.ids, ...second.log.ids]);
      await waitForAll('the 200 events to be handled by one instance or the other', idsOf(sent), union);
      expect(first.log.ids.size).toBeGreaterThan(0);
      expect(second.log.ids.size).toBeGreaterThan(0);
      expect([...first.log.ids].filter((id) => second.log.ids.has(id))).toEqual([]);
      expect(union().size).toBe(sent.length);
    },
    90_000,
  );

  itWhenPromised(
    'fanOut',
    'fan-out: two services subscribed to one type each receive every one of 100 events',
    async () => {
      const type = run.type('fanout');
      const first = await run.startConsumer({ serviceName: run.service('fanout', 'a'), type });
      const second = await run.startConsumer({ serviceName: run.service('fanout', 'b'), type });
      const sent = pings(type, publisher.source, 100);

      await publishAll(publisher, sent);

      await waitForAll('the first service to handle all 100', idsOf(sent), () => first.log.ids);
      await waitForAll('the second service to handle all 100', idsOf(sent), () => second.log.ids);
      expect(first.log.ids.size).toBe(sent.length);
      expect(second.log.ids.size).toBe(sent.length);
    },
    60_000,
  );

  it('redelivery after a handler error: an event whose handler throws once is delivered again and handled', async () => {
    const type = run.type('retry');
    const consumer = await run.startConsumer({
      serviceName: run.service('retry'),
      type,
      behaviour: 'fail-first-attempt',
    });
    const sent = pings(type, publisher.source, 20);

    await publishAll(publisher, sent);

    await waitForAll('the 20 events to be handled on their second attempt', idsOf(sent), () => consumer.log.ids);
    expect(sent.map((envelope) => consumer.log.attemptsAt(envelope.id))).toEqual(sent.map(() => 2));
    const deadLetters = openDeadLetterStore(consumer.config, [type]);
    try {
      expect(await deadLetters.list().toArray()).toEqual([]);
    } finally {
      await deadLetters.close();
    }
  }, 60_000);

  itWhenPromised(
    'redeliveryAfterCrash',
    'redelivery after a crash: what a killed consumer held unacknowledged is handled by a new instance',
    async () => {
      const [type, serviceName] = [run.type('crash'), run.service('crash')];
      // Its handler never returns. A short Kafka session gives its partitions away soon after the kill, a
      // short SQS visibility timeout shows what it held to others soon: shorter waits, the same proof.
      const doomed = await run.startCrashableConsumer({
        serviceName,
        type,
        env: { KAFKA_SESSION_TIMEOUT_MS: '6000', SQS_VISIBILITY_TIMEOUT_SECONDS: '5' },
      });
      const sent = pings(type, publisher.source, 10);
      await publishAll(publisher, sent);
      await waitFor('the doomed consumer to hold events', () => doomed.received.size > 0, { timeoutMs: 30_000 });

      await doomed.kill();
      const heir = await run.startConsumer({ serviceName, type });

      await waitForAll('the new instance to handle all 10', idsOf(sent), () => heir.log.ids, 90_000);
      expect([...doomed.received].filter((id) => !heir.log.ids.has(id))).toEqual([]);
    },
    150_000,
  );

  itWhenPromised(
    'deadLettering',
    'dead-lettering: an event whose handler always fails is parked after MESSAGING_MAX_ATTEMPTS with reason HANDLER_FAILED',
    async () => {
      const [type, serviceName] = [run.type('dlq'), run.service('dlq')];
      const consumer = await run.startConsumer({
        serviceName,
        type,
        behaviour: 'always-fail',
        env: { MESSAGING_MAX_ATTEMPTS: '3' },
      });
      const sent = pings(type, publisher.source, 3);

      await publishAll(publisher, sent);

      const ids = new Set(idsOf(sent));
      const deadLetters = openDeadLetterStore(consumer.config, [type]);
      try {
        const parked = await waitFor(
          'the 3 events in the dead-letter destination',
          async () => {
            const mine = await deadLetters.list({ ids: [...ids], bodyBytes: Number.POSITIVE_INFINITY }).toArray();
            return mine.length >= sent.length && mine;
          },
          { timeoutMs: 45_000, intervalMs: 500 },
        );
        const bySeq = [...parked].sort((a, b) => JSON.parse(a.body).data.seq - JSON.parse(b.body).data.seq);
        expect(
          bySeq.map(({ eventId, reason, attempts, origin, consumer }) => ({
            eventId,
            reason,
            attempts,
            origin,
            consumer,
          })),
        ).toEqual(
          sent.map((envelope) => ({
            eventId: envelope.id,
            reason: 'HANDLER_FAILED',
            attempts: 3,
            origin: type,
            consumer: serviceName,
          })),
        );
        // The body is the CloudEvent as it was published, byte for byte as JSON.
        expect(bySeq.map((letter) => JSON.parse(letter.body))).toEqual(sent);
        // Tried exactly MESSAGING_MAX_ATTEMPTS times, and not again once parked.
        expect(sent.map((envelope) => consumer.log.attemptsAt(envelope.id))).toEqual(sent.map(() => 3));
      } finally {
        await deadLetters.close();
      }
    },
    90_000,
  );

  itWhenPromised(
    'reconnect',
    'reconnect: the broker restarted while 300 events are published, all are handled afterwards',
    async () => {
      const type = run.type('reconnect');
      // SQS still hands messages to a poll whose connection the outage cut, and they stay hidden for the
      // visibility timeout: 5 s instead of 30 s only shortens that wait.
      const consumer = await run.startConsumer({
        serviceName: run.service('reconnect'),
        type,
        env: { SQS_VISIBILITY_TIMEOUT_SECONDS: '5' },
      });
      const sent = pings(type, publisher.source, 300);
      const control = brokerControlFor(broker as BrokerName);

      const stream = publishStream(publisher, sent, { ratePerSecond: 50 });
      await waitFor('a third of the events to be confirmed', () => stream.confirmed.length >= 100, {
        timeoutMs: 30_000,
      });
      await control.stop();
      try {
        // Proof that the outage is real for the clients: publishing stalls with events still to go.
        await waitFor(
          'publishing to stall while the broker is down',
          () => stream.confirmed.length < sent.length && stream.sinceLastConfirmMs() >= 1_000,
          { timeoutMs: 20_000 },
        );
      } finally {
        await control.start();
      }
      await stream.done;

      // At-least-once: an event published twice (a retried publish) or redelivered counts once.
      await waitForAll('all 300 events to be handled after the restart', idsOf(sent), () => consumer.log.ids, 120_000);
      expect(consumer.log.ids.size).toBe(sent.length);
      if (claims.exactlyOnce.promised) expect(consumer.log.handled).toHaveLength(sent.length);
    },
    300_000,
  );

  itWhenPromised(
    'closeWithoutLoss',
    'close without loss: a consumer closed gracefully mid-stream and a new one started, every event is handled',
    async () => {
      const [type, serviceName] = [run.type('close'), run.service('close')];
      const first = await run.startConsumer({ serviceName, type, jitterMs: 5 });
      const sent = pings(type, publisher.source, 400);

      const stream = publishStream(publisher, sent, { ratePerSecond: 100 });
      await waitFor('the first instance to handle 100 events', () => first.log.ids.size >= 100, { timeoutMs: 30_000 });
      const confirmedWhenClosing = stream.confirmed.length;
      await first.close();
      const second = await run.startConsumer({ serviceName, type });
      await stream.done;

      const union = () => new Set([...first.log.ids, ...second.log.ids]);
      await waitForAll('every event to be handled by the first or the second instance', idsOf(sent), union, 60_000);
      // It really was mid-stream: events were still being published, and the second instance took over.
      expect(confirmedWhenClosing).toBeLessThan(sent.length);
      expect(second.log.ids.size).toBeGreaterThan(0);
      if (claims.exactlyOnce.promised) expect(first.log.handled.length + second.log.handled.length).toBe(sent.length);
    },
    120_000,
  );
}
