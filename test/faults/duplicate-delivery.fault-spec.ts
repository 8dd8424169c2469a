import { randomUUID } from 'node:crypto';
import { createEnvelope, INVENTORY_REJECTED, INVENTORY_RESERVED, ORDER_CREATED } from '#events';
import { loadBrokerConnections } from '#messaging';
import { Kafka, logLevel } from 'kafkajs';
import {
  BROKERS_UNDER_TEST,
  type MessageSpy,
  type RawBrokerClient,
  rawClientFor,
  uniqueSku,
  waitUntilConsumed,
} from '#testing';
import { startFaultRun, type FaultRun } from '../support/fault-fixture.js';
import { checkReliability, deadLettersMentioning, reportScenario } from '../support/reliability-oracle.js';

describe.each(BROKERS_UNDER_TEST)('the same event more than once (%s)', (broker) => {
  let run: FaultRun;
  let raw: RawBrokerClient;
  let spy: MessageSpy;

  beforeEach(async () => {
    run = await startFaultRun(broker);
    raw = rawClientFor(broker);
    spy = await raw.spy([ORDER_CREATED, INVENTORY_RESERVED, INVENTORY_REJECTED]);
  }, 120_000);

  afterEach(async () => {
    await spy?.close();
    await raw?.close();
    await run?.stop();
  }, 60_000);

  const answersFor = (orderId: string) =>
    spy.messages.filter((message) => message.destination !== ORDER_CREATED && message.body.includes(orderId)).length;

  it('a duplicated event is applied once', async () => {
    const sku = uniqueSku('DUP');
    await run.system.putStock(sku, 10);
    const orderId = randomUUID();
    const event = createEnvelope({
      type: ORDER_CREATED,
      source: '/fault-test',
      subject: orderId,
      data: { orderId, customerId: run.marker, items: [{ sku, quantity: 3 }] },
    });

    for (let copy = 0; copy < 3; copy += 1) await raw.publish(ORDER_CREATED, orderId, JSON.stringify(event));
    await spy.waitForEvent(INVENTORY_RESERVED, (answer) => answer.subject === orderId);
    await waitUntilConsumed(broker, 'inventory-service');

    expect(await run.system.getStock(sku)).toEqual({ sku, available: 7, reserved: 3 });
    expect(answersFor(orderId)).toBe(1);
  }, 120_000);

  it('a replay of every event already handled changes nothing', async () => {
    const startOffsets = broker === 'kafka' ? await kafkaEnds(ORDER_CREATED) : [];
    const orders = await run.load.run({ count: 300, concurrency: 8 });
    const before = await checkReliability(run.system, orders, run.stock);
    const stockBefore = await Promise.all([...run.stock.keys()].map((sku) => run.system.getStock(sku)));
    const ids = new Set(orders.map((order) => order.id));
    const answersToRun = () =>
      spy.envelopes().filter((event) => event.type !== ORDER_CREATED && ids.has(event.subject)).length;
    const answersBefore = answersToRun();
    expect(answersBefore).toBe(orders.length);

    if (broker === 'kafka') {
      // A consumer-group replay: rewind inventory-service's committed offsets to before the run.
      await run.system.inventory.stop();
      await rewindGroup('inventory-service', ORDER_CREATED, startOffsets);
      await run.system.inventory.restart();
    } else {
      // A queue replay: every order.created of this run is published again, byte for byte.
      for (const message of spy.messages.filter((entry) => entry.destination === ORDER_CREATED)) {
        await raw.publish(ORDER_CREATED, '', message.body);
      }
    }
    await waitUntilConsumed(broker, 'inventory-service', 120_000);

    const after = await checkReliability(run.system, orders, run.stock);
    // The same outcome, only checked later.
    expect({ ...after, settledAt: undefined }).toEqual({ ...before, settledAt: undefined });
    expect(await Promise.all([...run.stock.keys()].map((sku) => run.system.getStock(sku)))).toEqual(stockBefore);
    expect(answersToRun()).toBe(answersBefore);
    const deadLetters = await deadLettersMentioning(run.system, 'inventory-service', run.marker);
    reportScenario(broker, 'duplicates and a full replay', after, deadLetters.length);
    expect(deadLetters).toEqual([]);
  }, 300_000);
});

const kafka = () =>
  new Kafka({
    clientId: 'test-replay',
    brokers: loadBrokerConnections(process.env).kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });

async function kafkaEnds(topic: string) {
  const admin = kafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high }));
  } finally {
    await admin.disconnect();
  }
}

async function rewindGroup(groupId: string, topic: string, partitions: Array<{ partition: number; offset: string }>) {
  const admin = kafka().admin();
  await admin.connect();
  try {
    // The group must have no members to be rewound; its stopped consumer may take a moment to leave.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.setOffsets({ groupId, topic, partitions });
        return;
      } catch (error) {
        if (attempt >= 60) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
