import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import prettier from 'prettier';
import { AsyncApiDocument, type TopologyNames } from './asyncapi.js';
import { addComposeService, composePorts, setComposeServiceUsers, type UserDefinitions } from './compose.js';
import { e2eFile, e2ePath, type EventExample } from './e2e-file.js';
import {
  emptyUseCaseFile,
  eventControllerFile,
  featureFolder,
  handlerNames,
  registerInModule,
} from './event-handler-files.js';
import {
  addContract,
  addToList,
  publisherOf,
  readTopology,
  requireKnownType,
  requireService,
  subscribersOf,
  type Topology,
  withTraffic,
} from './event-contracts.js';
import { checkEventType, domainOf, eventNames, serviceName, UsageError } from './names.js';
import {
  freeServicePort,
  registerEventInDocs,
  registerInDockerfile,
  registerInNestCli,
  registerInArchitectureDoc,
  registerOpenApiDocument,
  registerPasswordVariable,
  registerScrapeTarget,
  registerStartScript,
} from './registrations.js';
import { serviceFiles, type ServicePlan } from './service-files.js';
import { Workspace } from './workspace.js';

/** What a generator did, for the person who ran it. */
export interface Generated {
  files: string[];
  next: string[];
}

/**
 * The modules that only make sense once libs/events says what the generator just wrote: they are
 * imported from the sources (scripts/typescript-hooks.js, registered by the command), after the edits.
 */
async function changedTopology() {
  const operator = await import('#messaging/operator');
  const testing = await import('#testing');
  const names: TopologyNames = {
    snsTopicName: operator.snsTopicName,
    deadLetterTopic: operator.deadLetterTopic,
    deadLetterQueue: operator.deadLetterQueue,
    sqsDeadLetterQueue: operator.sqsDeadLetterQueue,
  };
  const users = testing.SERVICE_USERS;
  const definitions: UserDefinitions = testing.serviceUserDefinitions(
    '/',
    (user) => `\${${user.passwordVariable}:-${user.localDefaultPassword}}`,
  );
  return { names, users, definitions };
}

/** The JSON Schema of a new contract's data: the one field addContract writes. */
const NEW_CONTRACT_DATA = {
  type: 'object',
  additionalProperties: false,
  required: ['subjectId'],
  properties: {
    subjectId: { type: 'string', format: 'uuid', description: 'What the event is about; also its subject.' },
  },
};
const EXAMPLE_SUBJECT = '94f93937-6c1e-4f57-9d3a-2b8d1c0e5a71';
const newContractExample = () => ({
  id: '1f0c6a3e-2b7d-4c59-8e11-6d0a9b3c5e72',
  time: '2026-01-01T12:00:00.100Z',
  subject: EXAMPLE_SUBJECT,
  datacontenttype: 'application/json',
  data: { subjectId: EXAMPLE_SUBJECT },
});

export interface NewServiceOptions {
  name: string;
  consumes: string[];
  publishes: string[];
}

export async function newService(root: string, options: NewServiceOptions): Promise<Generated> {
  const workspace = new Workspace(root);
  const service = serviceName(options.name);
  const domain = domainOf(service);
  for (const path of [`apps/${service}`, e2ePath(service)]) {
    if (workspace.exists(path)) {
      throw new UsageError(
        `${path} exists already: ${service} is never generated over it (remove it or pick another name)`,
      );
    }
  }
  const topology = readTopology(workspace);
  if (service in topology.subscriptions || service in topology.publications) {
    throw new UsageError(`libs/events already declares ${service}: pick another name`);
  }
  const consumes = unique(options.consumes.map(checkEventType));
  const publishes = unique(options.publishes.map(checkEventType));
  consumes.forEach((type) => requireKnownType(topology, type));
  for (const type of publishes) {
    const publisher = publisherOf(topology, type);
    if (publisher) throw new UsageError(`${type} is published by ${publisher} already; a type has one publisher`);
    if (consumes.includes(type)) throw new UsageError(`${service} cannot consume ${type}, which it publishes`);
  }
  const created = publishes.filter((type) => !topology.types.includes(type));
  const plan: ServicePlan = {
    service,
    domain,
    port: freeServicePort(workspace, composePorts(workspace)),
    consumes: consumes.map(eventNames),
    publishes: publishes.map(eventNames),
  };

  for (const type of created) addContract(workspace, eventNames(type), service);
  addToList(workspace, 'SUBSCRIPTIONS', service, consumes);
  addToList(workspace, 'PUBLICATIONS', service, publishes);
  const after = withTraffic(topology, service, consumes, publishes);
  const { names, users, definitions } = await changedTopology();

  const asyncApi = new AsyncApiDocument(workspace, names);
  const examples = new Map<string, EventExample>(consumes.map((type) => [type, asyncApi.example(type)]));
  asyncApi.addService(service, describe(service, consumes, publishes));
  for (const type of created) {
    asyncApi.addEvent(type, service, `Published by ${service}.`, NEW_CONTRACT_DATA, newContractExample());
  }
  for (const type of publishes) asyncApi.addPublication(service, type, `Published by ${service}.`, []);
  for (const type of consumes) asyncApi.addConsumption(service, type, subscribersOf(after, type));
  asyncApi.save();

  for (const [path, text] of Object.entries(serviceFiles(plan))) workspace.create(path, text);
  workspace.create(e2ePath(service), e2eFile(plan, examples));

  registerInNestCli(workspace, service);
  const script = registerStartScript(workspace, service);
  registerInDockerfile(workspace, service, plan.port);
  const user = users.find((candidate) => candidate.service === service)!;
  registerPasswordVariable(workspace, user.passwordVariable, user.localDefaultPassword);
  addComposeService(workspace, service, plan.port);
  await setComposeServiceUsers(workspace, definitions);
  registerScrapeTarget(workspace, service, plan.port);
  registerOpenApiDocument(workspace, service);
  registerInArchitectureDoc(workspace, service);
  for (const type of created) registerEventInDocs(workspace, type, service);
  const files = await workspace.format();
  files.push(await writeOpenApiDocument(root, service));

  return {
    files: files.sort(),
    next: [
      `${service} listens on port ${plan.port}: npm run build && npm run ${script} (npm run brokers:up first, which creates its RabbitMQ user)`,
      ...created.map(
        (type) => `fill in the fields of ${type}: libs/events/src/${eventNames(type).file} and docs/asyncapi.yaml`,
      ),
      `make apps/${service}/src/${domain}/ do its work: the use cases (on-*.service.ts, publish-*.service.ts), ` +
        `its table (${domain}.table.ts, a new *.migration.ts for each change), its HTTP API (then npm run docs:openapi)`,
      `test it: ${e2ePath(service)} (npm test -- --selectProjects e2e --testPathPatterns ${service})`,
    ],
  };
}

export interface NewEventOptions {
  type: string;
  publisher: string;
  consumers: string[];
}

export async function newEvent(root: string, options: NewEventOptions): Promise<Generated> {
  const workspace = new Workspace(root);
  const type = checkEventType(options.type);
  const publisher = serviceName(options.publisher);
  const consumers = unique(options.consumers.map(serviceName));
  const topology: Topology = readTopology(workspace);
  if (topology.types.includes(type)) throw new UsageError(`${type} exists already`);
  for (const service of [publisher, ...consumers]) requireService(topology, service);
  if (consumers.includes(publisher)) throw new UsageError(`${publisher} cannot consume ${type}, which it publishes`);
  const event = eventNames(type);

  addContract(workspace, event, publisher);
  addToList(workspace, 'PUBLICATIONS', publisher, [type]);
  for (const consumer of consumers) addToList(workspace, 'SUBSCRIPTIONS', consumer, [type]);
  const { names, definitions } = await changedTopology();

  const asyncApi = new AsyncApiDocument(workspace, names);
  asyncApi.addEvent(type, publisher, `Published by ${publisher}.`, NEW_CONTRACT_DATA, newContractExample());
  asyncApi.addPublication(publisher, type, `Published by ${publisher}.`, [...consumers].sort());
  for (const consumer of consumers) asyncApi.addConsumption(consumer, type, [...consumers].sort());
  asyncApi.save();

  const handlers: string[] = [];
  for (const consumer of consumers) {
    const { folder, module } = featureFolder(workspace, consumer);
    const handler = handlerNames(event);
    workspace.create(`${folder}/${handler.controllerFile}`, eventControllerFile(consumer, event, { type: 'void' }));
    workspace.create(`${folder}/${handler.useCaseFile}`, emptyUseCaseFile(consumer, event));
    registerInModule(
      workspace,
      module,
      { name: handler.controller, file: handler.controllerFile },
      { name: handler.useCase, file: handler.useCaseFile },
    );
    handlers.push(`${folder}/${handler.useCaseFile}`);
  }
  await setComposeServiceUsers(workspace, definitions);
  registerEventInDocs(workspace, type, publisher);
  const files = await workspace.format();
  return {
    files,
    next: [
      `fill in the fields of ${type}: libs/events/src/${event.file}, and ${event.contract}Data in docs/asyncapi.yaml`,
      `publish it from ${publisher}'s use case, in the unit of work that makes the change: ` +
        `outbox.add(createEnvelope<${event.contract}>({ type: ${event.constant}, source: '/${publisher}', subject, data }))`,
      ...handlers.map((path) => `say what consuming it does: ${path}`),
      'npm run brokers:up (the RabbitMQ users get their new rights), and add it to the e2e suite',
    ],
  };
}

/** docs/openapi/<service>.json, built from the new AppModule as npm run docs:openapi builds every one. */
async function writeOpenApiDocument(root: string, service: string): Promise<string> {
  const { buildOpenApiDocument, openApiPath } = await import('../openapi-document.js');
  const path = openApiPath(service);
  const file = resolve(root, path);
  const text = JSON.stringify(await buildOpenApiDocument(service));
  writeFileSync(file, await prettier.format(text, { ...(await prettier.resolveConfig(file)), parser: 'json' }));
  return path;
}

function describe(service: string, consumes: string[], publishes: string[]): string {
  const parts = [
    consumes.length ? `consumes ${consumes.join(', ')}` : '',
    publishes.length ? `publishes ${publishes.join(', ')}` : '',
  ].filter(Boolean);
  const traffic = parts.join('; ');
  return `${traffic ? `${traffic[0].toUpperCase()}${traffic.slice(1)} ` : ''}(made by npm run new:service).`;
}

const unique = (values: string[]) => [...new Set(values)];
