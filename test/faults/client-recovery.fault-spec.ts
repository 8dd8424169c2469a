/**
 * Every state a broker client can get stuck in has a way out: each scenario puts the transport's own
 * publisher and consumer (the conformance suite's minimal services) in one such state and requires
 * events to flow again with no restart. A broker that hangs for one client only is a TcpProxy between
 * them, so the shared local broker itself is never stopped. Kafka's client has scenarios of its own.
 */
import type { EventEnvelope } from '#events';
import { brokerAdminFor, describeOn, waitFor } from '#testing';
import amqp from 'amqplib';
import {
  conformanceConfig,
  startConsumer,
  startPublisher,
  type RunningConsumer,
  type RunningPublisher,
} from '../conformance/support/conformance-app.js';
import { pings } from '../conformance/support/conformance-ping.js';
import { newRunMarker } from '../conformance/support/conformance-run.js';
import { publishAll, publishStream } from '../conformance/support/publishing.js';
import { waitForAll } from '../conformance/support/wait-for-all.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const idsOf = (envelopes: EventEnvelope[]) => envelopes.map((envelope) => envelope.id);

/** One scenario's names, services and proxy, all removed afterwards. */
class Scenario {
  readonly marker = newRunMarker();
  readonly type = `conformance.${this.marker}.recovery`;
  readonly services: string[] = [];
  readonly running: Array<RunningConsumer | RunningPublisher> = [];
  proxy: TcpProxy | undefined;

  constructor(readonly broker: 'rabbitmq' | 'sqs') {}

  service(role: string): string {
    const name = `cf-${this.marker}-${role}`;
    this.services.push(name);
    return name;
  }

  async publisher(env: Record<string, string> = {}): Promise<RunningPublisher> {
    const publisher = await startPublisher(this.broker, this.service('publisher'), [this.type], env);
    this.running.push(publisher);
    return publisher;
  }

  async consumer(env: Record<string, string> = {}): Promise<RunningConsumer> {
    const consumer = await startConsumer({
      broker: this.broker,
      serviceName: this.service('consumer'),
      type: this.type,
      env,
    });
    this.running.push(consumer);
    return consumer;
  }

  async end(): Promise<void> {
    await this.proxy?.close();
    await Promise.allSettled(this.running.map((app) => app.close()));
    await brokerAdminFor(this.broker).deleteRun({ marker: this.marker, types: [this.type], services: this.services });
  }
}

describeOn('rabbitmq', 'a RabbitMQ client finds its way out (rabbitmq)', () => {
  let scenario: Scenario;
  const node = new URL(conformanceConfig('rabbitmq', 'cf-recovery').rabbitmqUrl);

  beforeEach(() => {
    scenario = new Scenario('rabbitmq');
  });
  afterEach(() => scenario.end(), 60_000);

  it('a node that hangs listed first in RABBITMQ_URL: publisher and consumer start on the next node and events flow', async () => {
    const proxy = (scenario.proxy = await TcpProxy.start({ host: node.hostname, port: Number(node.port || 5672) }));
    proxy.hang();
    const hung = new URL(node.href);
    hung.port = String(proxy.port);
    const env = { RABBITMQ_URL: `${hung.href},${node.href}` };

    const consumer = await scenario.consumer(env);
    const publisher = await scenario.publisher(env);
    const sent = pings(scenario.type, publisher.source, 20);
    await publishAll(publisher, sent);

    await waitForAll('the 20 events to be handled', idsOf(sent), () => consumer.log.ids);
  }, 60_000);

  it('the node of the readiness connection freezes: readiness answers again within seconds, over a new connection', async () => {
    const proxy = (scenario.proxy = await TcpProxy.start({ host: node.hostname, port: Number(node.port || 5672) }));
    const proxied = new URL(node.href);
    proxied.port = String(proxy.port);
    const publisher = await scenario.publisher({ RABBITMQ_URL: `${proxied.href},${node.href}` });
    await waitFor('the broker to answer', () => publisher.reachable(), { timeoutMs: 10_000, intervalMs: 250 });

    // Its connection goes silent, as to a node stopped with SIGSTOP; new connections still pass.
    proxy.freezeOpenConnections();
    await waitFor('the broker not to answer on the silent connection', async () => !(await publisher.reachable()), {
      timeoutMs: 10_000,
      intervalMs: 250,
    });
    // Two missed heartbeats end the silent connection (a broker's default would take minutes).
    await waitFor('the broker to answer again', () => publisher.reachable(), { timeoutMs: 30_000, intervalMs: 500 });
  }, 60_000);

  it("the consumer's queue deleted under it: the queue is declared again and consuming resumes", async () => {
    const consumer = await scenario.consumer();
    const publisher = await scenario.publisher();
    const [queue] = scenario.services;
    const before = pings(scenario.type, publisher.source, 5);
    await publishAll(publisher, before);
    await waitForAll('the first 5 events to be handled', idsOf(before), () => consumer.log.ids);

    const connection = await amqp.connect(node.href);
    try {
      await (await connection.createChannel()).deleteQueue(queue);
    } finally {
      await connection.close();
    }
    // RabbitMQ cancels the consumer of a deleted queue; it must come back on a queue declared anew.
    await waitFor(
      'the queue to be back with its consumer',
      () => brokerAdminFor('rabbitmq').consumersActive(queue, 1),
      {
        timeoutMs: 20_000,
        intervalMs: 250,
      },
    );
    const after = pings(scenario.type, publisher.source, 5, { from: 5 });
    await publishAll(publisher, after);

    await waitForAll('the 5 events published after the deletion to be handled', idsOf(after), () => consumer.log.ids);
  }, 60_000);
});

describeOn('sqs', 'an SNS/SQS client finds its way out (sqs)', () => {
  let scenario: Scenario;

  beforeEach(() => {
    scenario = new Scenario('sqs');
  });
  afterEach(() => scenario.end(), 60_000);

  it('its connections to the endpoint lost without a word: publishing and consuming go on over new ones', async () => {
    const endpoint = new URL(conformanceConfig('sqs', 'cf-recovery').sqs.endpoint!);
    const proxy = (scenario.proxy = await TcpProxy.start({ host: endpoint.hostname, port: Number(endpoint.port) }));
    const throughProxy = new URL(endpoint.href);
    throughProxy.port = String(proxy.port);
    const env = { AWS_ENDPOINT_URL: throughProxy.origin };
    // What SQS hands to a poll that hangs stays hidden for the visibility timeout: 5 s, not 30 s, only
    // shortens that wait.
    const consumer = await scenario.consumer({ ...env, SQS_VISIBILITY_TIMEOUT_SECONDS: '5' });
    const publisher = await scenario.publisher(env);
    const before = pings(scenario.type, publisher.source, 5);
    await publishAll(publisher, before);
    await waitForAll('the first 5 events to be handled', idsOf(before), () => consumer.log.ids);

    // The consumer's long polls and the publisher's kept-alive connections now hang for good.
    proxy.freezeOpenConnections();
    const after = pings(scenario.type, publisher.source, 5, { from: 5 });
    await publishStream(publisher, after, { ratePerSecond: 5, deadlineMs: 120_000, attemptTimeoutMs: 100_000 }).done;

    await waitForAll(
      'the 5 events published after the freeze to be handled',
      idsOf(after),
      () => consumer.log.ids,
      120_000,
    );
  }, 300_000);
});
