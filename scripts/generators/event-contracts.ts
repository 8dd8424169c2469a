import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EventNames, eventNames, UsageError } from './names.js';
import { replaceOnce, type Workspace } from './workspace.js';

const EVENTS_DIR = 'libs/events/src';
const CONTRACTS = `${EVENTS_DIR}/event-contracts.ts`;
const INDEX = `${EVENTS_DIR}/index.ts`;
type Lists = 'SUBSCRIPTIONS' | 'PUBLICATIONS';

/** Who publishes and consumes what, as libs/events/src/event-contracts.ts says today: service -> types. */
export interface Topology {
  types: string[];
  subscriptions: Record<string, string[]>;
  publications: Record<string, string[]>;
}

/** Read from the sources (not imported: the generators import libs/events only once they changed it). */
export function readTopology(workspace: Workspace): Topology {
  const typeOf = new Map<string, string>();
  for (const file of readdirSync(resolve(workspace.root, EVENTS_DIR)).filter((name) => name.endsWith('.event.ts'))) {
    for (const [, constant, type] of workspace
      .read(`${EVENTS_DIR}/${file}`)
      .matchAll(/export const (\w+) = '([^']+)'/g))
      typeOf.set(constant, type);
  }
  const source = workspace.read(CONTRACTS);
  const lists = (name: Lists) =>
    Object.fromEntries(
      [...listsBlock(source, name).matchAll(/'([a-z0-9-]+)': \[([^\]]*)\]/g)].map(([, service, constants]) => [
        service,
        constants
          .split(',')
          .map((constant) => constant.trim())
          .filter(Boolean)
          .map((constant) => typeOf.get(constant) ?? constant),
      ]),
    );
  const contracts = /export const EVENT_CONTRACTS = \{([^}]*)\}/.exec(source)?.[1] ?? '';
  const types = [...contracts.matchAll(/\[(\w+)\]/g)].map(([, constant]) => typeOf.get(constant) ?? constant);
  return { types, subscriptions: lists('SUBSCRIPTIONS'), publications: lists('PUBLICATIONS') };
}

function listsBlock(source: string, name: Lists): string {
  const block = new RegExp(`export const ${name} = \\{([^}]*)\\}`).exec(source);
  if (!block) throw new Error(`${CONTRACTS}: no ${name} found; edit it by hand`);
  return block[1];
}

/** The one service that publishes `type`, if any. */
export const publisherOf = (topology: Topology, type: string): string | undefined =>
  Object.keys(topology.publications).find((service) => topology.publications[service].includes(type));

export function requireKnownType(topology: Topology, type: string): EventNames {
  if (!topology.types.includes(type)) {
    throw new UsageError(
      `there is no event ${type} (known: ${topology.types.join(', ')}); add it first with npm run new:event`,
    );
  }
  return eventNames(type);
}

export function requireService(topology: Topology, service: string): void {
  if (!(service in topology.subscriptions) || !(service in topology.publications)) {
    const known = Object.keys(topology.subscriptions).join(', ');
    throw new UsageError(`there is no service ${service} in libs/events (known: ${known})`);
  }
}

/**
 * A new contract: `<type>.event.ts` with its type constant and a class-validator class with one field,
 * `subjectId`, the id the event is about (also its subject and Kafka key). Exported from the library's
 * entry and listed in EVENT_CONTRACTS.
 */
export function addContract(workspace: Workspace, names: EventNames, publisher: string): void {
  workspace.create(
    `${EVENTS_DIR}/${names.file}`,
    `import { IsUUID } from 'class-validator';

export const ${names.constant} = '${names.type}';

/**
 * Published by ${publisher}. Its fields are what every consumer may rely on: give each a
 * class-validator rule (an event with fields of another shape, or unknown ones, is dead-lettered as
 * INVALID) and describe it under ${names.contract}Data in docs/asyncapi.yaml.
 */
export class ${names.contract} {
  /** What the event is about: also its CloudEvents subject, and so its Kafka message key. */
  @IsUUID()
  subjectId!: string;
}
`,
  );
  const module = `./${names.file.replace(/\.ts$/, '.js')}`;
  workspace.edit(INDEX, (text) => `${text}export { ${names.constant}, ${names.contract} } from '${module}';\n`);
  workspace.edit(CONTRACTS, (text) => {
    const imported = replaceOnce(
      text,
      /((?:^import .*\n)+)/m,
      (imports) => `${imports}import { ${names.constant}, ${names.contract} } from '${module}';\n`,
      CONTRACTS,
    );
    return replaceOnce(
      imported,
      /(export const EVENT_CONTRACTS = \{[^}]*?)(\n\} as const;)/,
      (block) => block.replace(/\n\} as const;$/, `\n  [${names.constant}]: ${names.contract},\n} as const;`),
      CONTRACTS,
    );
  });
}

/** Adds `types` to a service's entry in SUBSCRIPTIONS or PUBLICATIONS, or the entry itself. */
export function addToList(workspace: Workspace, list: Lists, service: string, types: string[]): void {
  const constants = types.map((type) => eventNames(type).constant);
  workspace.edit(CONTRACTS, (text) =>
    replaceOnce(
      text,
      new RegExp(`export const ${list} = \\{[^}]*\\}`),
      (block) => {
        const entry = new RegExp(`'${service}': \\[([^\\]]*)\\]`).exec(block);
        if (!entry) return block.replace(/\n\}$/, `\n  '${service}': [${constants.join(', ')}],\n}`);
        const listed = entry[1]
          .split(',')
          .map((constant) => constant.trim())
          .filter(Boolean);
        return block.replace(entry[0], `'${service}': [${[...listed, ...constants].join(', ')}]`);
      },
      CONTRACTS,
    ),
  );
}

/** The topology after adding a service's or an event's traffic, as the files will say it. */
export function withTraffic(topology: Topology, service: string, consumes: string[], publishes: string[]): Topology {
  const add = (lists: Record<string, string[]>, types: string[]) => ({
    ...lists,
    [service]: [...(lists[service] ?? []), ...types],
  });
  return {
    types: [...new Set([...topology.types, ...publishes])],
    subscriptions: add(topology.subscriptions, consumes),
    publications: add(topology.publications, publishes),
  };
}

export const subscribersOf = (topology: Topology, type: string): string[] =>
  Object.keys(topology.subscriptions)
    .filter((service) => topology.subscriptions[service].includes(type))
    .sort();
