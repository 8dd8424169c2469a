import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AwsClients } from './sqs.aws-clients.js';
import { SqsServer } from './sqs.server.js';
import type { SqsTopology } from './sqs.topology.js';

/**
 * An SQS endpoint that answers each ReceiveMessage after a short wait, with what `nextBatch` gives,
 * and records how many receives were under way at once.
 */
class FakeQueue {
  receiving = 0;
  receives = 0;
  /** The most receives under way at once since `watch()`. */
  mostAtOnce = 0;
  nextBatch: () => Message[] = () => [];

  readonly clients = {
    sqs: {
      send: async (command: unknown) => {
        if (!(command instanceof ReceiveMessageCommand)) return {};
        this.receiving += 1;
        this.receives += 1;
        this.mostAtOnce = Math.max(this.mostAtOnce, this.receiving);
        await sleep(5);
        this.receiving -= 1;
        return { Messages: this.nextBatch() };
      },
    },
  } as unknown as AwsClients;

  watch(): void {
    this.mostAtOnce = this.receiving;
  }

  async untilReceives(count: number): Promise<void> {
    const target = this.receives + count;
    const deadline = Date.now() + 5_000;
    while (this.receives < target) {
      if (Date.now() > deadline) throw new Error(`fewer than ${count} receives in 5 s`);
      await sleep(1);
    }
  }
}

function serverOn(queue: FakeQueue): SqsServer {
  const server = new SqsServer({
    clients: queue.clients,
    topology: { queueUrl: async (name: string) => `http://sqs.local/${name}` } as unknown as SqsTopology,
    service: { service: 'inventory-service', consumes: ['order.created'], publishes: [], maxReceiveCount: 5 },
    // Four pollers of ten messages each.
    prefetch: 40,
    visibilityTimeoutSeconds: 30,
    deserializer: { deserialize: (message: Message) => ({ pattern: 'order.created', data: message.Body }) },
  });
  server.addHandler('order.created', async () => undefined, true);
  return server;
}

describe('SqsServer polling', () => {
  let queue: FakeQueue;
  let server: SqsServer;

  beforeEach(async () => {
    queue = new FakeQueue();
    server = serverOn(queue);
    await new Promise<void>((resolve, reject) => void server.listen((error) => (error ? reject(error) : resolve())));
  });

  afterEach(() => server.close());

  it('polls an idle queue with one receive at a time, not one per poller', async () => {
    await queue.untilReceives(8);
    queue.watch();
    await queue.untilReceives(20);
    expect(queue.mostAtOnce).toBe(1);
  });

  it('has every poller receive again once the queue brings messages', async () => {
    await queue.untilReceives(8);
    let busy = true;
    queue.nextBatch = () => (busy ? [{ MessageId: 'm', ReceiptHandle: 'r', Body: '{}' }] : []);
    queue.watch();
    await queue.untilReceives(40);
    expect(queue.mostAtOnce).toBe(4);
    busy = false;
  });

  it('stops while one poller watches and the others wait for traffic', async () => {
    await queue.untilReceives(8);
    // close() returns once every poller has ended, the ones waiting for traffic too.
    await server.close();
    expect(queue.receiving).toBe(0);
  });
});
