import type { EventNames } from './names.js';
import type { ServicePlan } from './service-files.js';

/** An example of a consumed event (docs/asyncapi.yaml's): its data is sent again with a fresh subject. */
export interface EventExample {
  source: string;
  subject: string;
  data: unknown;
}

/** The example's data as code, with the example's subject (wherever it appears) made the test's `subject`. */
function dataWithSubject(example: EventExample): string {
  return JSON.stringify(example.data).replaceAll(JSON.stringify(example.subject), 'subject');
}

/**
 * test/e2e/<service>.e2e-spec.ts: the service alone as a process, on every broker under test; what it
 * consumes is published by a raw client, as a service in any language would, and what it publishes is
 * read by one. Each consumed type is applied once however often it is delivered.
 */
export function e2eFile(plan: ServicePlan, examples: Map<string, EventExample>): string {
  const published = plan.publishes.map((event) => event.constant);
  const consumes = plan.consumes.map((event) => consumeTest(plan, event, examples.get(event.type)!));
  const publishes = plan.publishes.map((event) => publishTest(plan, event));
  const events = [...plan.consumes, ...plan.publishes].map((event) => event.constant);
  return `import { randomUUID } from 'node:crypto';
import { ${plan.consumes.length ? 'createEnvelope, encodeEnvelope, ' : ''}${events.join(', ')} } from '#events';
${plan.consumes.length ? "import { EVENTS_CONSUMED } from '#messaging';\n" : ''}import {
  BROKERS_UNDER_TEST,
  type MessageSpy,
  type RawBrokerClient,
  rawClientFor,
  ${plan.consumes.length ? 'scrapeMetrics,\n  ' : ''}ServiceProcess,
  sqliteDatabase,
  type TestDatabase,
  waitFor,${plan.consumes.length ? '\n  waitUntilConsumed,' : ''}
} from '#testing';

const ADMIN_TOKEN = \`${plan.domain}-\${randomUUID()}\`;
/** Each test waits on broker round trips (on SNS/SQS through long polls): more than Jest's default 5 s. */
const TEST_TIMEOUT_MS = 60_000;

/** ${plan.service} on its own, on every broker: plain clients send what it consumes and read what it publishes. */
describe.each(BROKERS_UNDER_TEST)('${plan.service} on %s', (broker) => {
  let database: TestDatabase;
  let service: ServiceProcess;
  let raw: RawBrokerClient;
  let spy: MessageSpy;

  beforeAll(async () => {
    database = sqliteDatabase('${plan.domain}');
    service = await ServiceProcess.start('${plan.service}', { BROKER: broker, DATABASE_URL: database.url, ADMIN_TOKEN });
    raw = rawClientFor(broker);
    spy = await raw.spy([${published.join(', ')}]);${
      plan.consumes.length
        ? `
    // A new Kafka consumer group starts from the beginning of its topics: what is there is taken first.
    await waitUntilConsumed(broker, '${plan.service}', 150_000);`
        : ''
    }
  }, 180_000);

  afterAll(async () => {
    await spy?.close();
    await raw?.close();
    await service?.stop();
    await database?.drop();
  }, 60_000);

  /** The types of the events the service recorded about a subject, oldest first. */
  async function recorded(subjectId: string): Promise<string[]> {
    const response = await fetch(\`\${service.url}/${plan.domain}/\${subjectId}\`);
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(\`GET /${plan.domain}/\${subjectId} answered \${response.status}\`);
    return ((await response.json()) as Array<{ eventType: string }>).map(({ eventType }) => eventType);
  }
${plan.consumes.length ? duplicatesHelper : ''}${[...consumes, ...publishes].join('')}
  it('answers 404 for a subject it recorded nothing about, and 400 for one that is not a UUID', async () => {
    expect((await fetch(\`\${service.url}/${plan.domain}/\${randomUUID()}\`)).status).toBe(404);
    expect((await fetch(\`\${service.url}/${plan.domain}/not-a-uuid\`)).status).toBe(400);
  });
});
`;
}

const duplicatesHelper = `
  /** How many deliveries of \`type\` the service found in its inbox already (redeliveries it ignored). */
  async function duplicates(type: string): Promise<number> {
    let count = 0;
    for (const [key, value] of await scrapeMetrics(service.url)) {
      const sample = key.startsWith(\`\${EVENTS_CONSUMED}{\`) && key.includes(\`type="\${type}"\`);
      if (sample && key.includes('outcome="duplicate"')) count += value;
    }
    return count;
  }
`;

function consumeTest(plan: ServicePlan, event: EventNames, example: EventExample): string {
  const expected = [event.constant, ...plan.publishes.map((published) => published.constant)];
  const checks = plan.publishes.map(
    (published) => `
      expect(await spy.waitForEvent(${published.constant}, (sent) => sent.subject === subject)).toMatchObject({
        source: '/${plan.service}',
        data: { subjectId: subject },
        traceparent,
      });`,
  );
  return `
  it(
    'applies ${event.type} once however often it is delivered${plan.publishes.length ? ', and publishes what follows' : ''}',
    async () => {
      const subject = randomUUID();
      const traceparent = \`00-\${randomUUID().replace(/-/g, '')}-\${randomUUID().replace(/-/g, '').slice(0, 16)}-01\`;
      const event = encodeEnvelope(
        createEnvelope({
          type: ${event.constant},
          source: '${example.source}',
          subject,
          data: ${dataWithSubject(example)},
          traceparent,
        }),
      );
      await raw.publish(${event.constant}, subject, event);
${checks.join('\n')}
      const expected = [${expected.join(', ')}];
      const settled = async () => {
        const types = await recorded(subject);
        return types.length >= expected.length && types;
      };
      expect(await waitFor('its records of ${event.type}', settled)).toEqual(expected);

      const before = await duplicates(${event.constant});
      await raw.publish(${event.constant}, subject, event);
      await waitFor('the redelivery to be found in the inbox', async () => (await duplicates(${event.constant})) > before);
      expect(await recorded(subject)).toEqual(expected);
    },
    TEST_TIMEOUT_MS,
  );
`.replace(/\n\n(\s+expect\(await spy)/, '\n$1');
}

function publishTest(plan: ServicePlan, event: EventNames): string {
  const path = event.file.replace(/\.event\.ts$/, '');
  return `
  it(
    'publishes ${event.type} when an administrator asks over HTTP',
    async () => {
      const subject = randomUUID();
      const url = \`\${service.url}/${plan.domain}/\${subject}/${path}\`;
      expect((await fetch(url, { method: 'POST' })).status).toBe(401);
      const response = await fetch(url, { method: 'POST', headers: { authorization: \`Bearer \${ADMIN_TOKEN}\` } });
      expect(response.status).toBe(201);
      expect(await spy.waitForEvent(${event.constant}, (sent) => sent.subject === subject)).toMatchObject({
        source: '/${plan.service}',
        data: { subjectId: subject },
      });
      expect(await recorded(subject)).toEqual([${event.constant}]);
    },
    TEST_TIMEOUT_MS,
  );
`;
}

export const e2ePath = (service: string) => `test/e2e/${service}.e2e-spec.ts`;
