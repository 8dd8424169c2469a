import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventNames } from './names.js';
import { replaceOnce, type Workspace } from './workspace.js';

/** The names of a consumed type's controller and use case. */
export function handlerNames(event: EventNames) {
  const kebab = event.file.replace(/\.event\.ts$/, '');
  return {
    controller: `${event.contract}EventsController`,
    controllerFile: `${kebab}-events.controller.ts`,
    useCase: `On${event.contract}`,
    useCaseFile: `on-${kebab}.service.ts`,
  };
}

const module = (file: string) => `./${file.replace(/\.ts$/, '.js')}`;

/** What a use case resolves to once its unit of work committed, and where that type comes from. */
export interface UseCaseResult {
  type: string;
  from?: string;
}

/** The thin @HandleEvent adapter: validated payload in, the use case's unit of work's result out. */
export function eventControllerFile(service: string, event: EventNames, result: UseCaseResult): string {
  const names = handlerNames(event);
  const resultImport = result.from ? `import type { ${result.type} } from '${result.from}';\n` : '';
  return `import { ${event.constant}, ${event.contract} } from '#events';
import { HandleEvent, type ReceivedEvent } from '#messaging';
import type { Consumption } from '#outbox';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
${resultImport}import { ${names.useCase} } from '${module(names.useCaseFile)}';

/**
 * ${event.type}, as ${service} receives it: validated against its contract before this runs (an
 * invalid one is dead-lettered), then applied by its use case; the result tells a redelivery apart.
 */
@Controller()
export class ${names.controller} {
  constructor(private readonly useCase: ${names.useCase}) {}

  @HandleEvent(${event.constant}, ${event.contract})
  on${event.contract}(@Payload() event: ReceivedEvent<${event.contract}>): Promise<Consumption<${result.type}>> {
    return this.useCase.handle(event);
  }
}
`;
}

/** For a hand-written service (npm run new:event): a use case that consumes the event and does nothing yet. */
export function emptyUseCaseFile(service: string, event: EventNames): string {
  const names = handlerNames(event);
  return `import type { ${event.contract} } from '#events';
import type { ReceivedEvent } from '#messaging';
import { UnitOfWork, type Consumption } from '#outbox';
import { Injectable } from '@nestjs/common';

/** ${event.type}, as ${service} takes it. */
@Injectable()
export class ${names.useCase} {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** One unit of work that consumes the event: a redelivery changes nothing (\`{ duplicate: true }\`). */
  handle(event: ReceivedEvent<${event.contract}>): Promise<Consumption<void>> {
    return this.unitOfWork.run(
      async (_trx, _outbox) => {
        // The change ${event.type} causes: writes on \`_trx\`, and the events it causes given to \`_outbox\`.
      },
      { consumed: event },
    );
  }
}
`;
}

/** The folder of a service's feature: the one under src/ that holds its Nest module. */
export function featureFolder(workspace: Workspace, service: string): { folder: string; module: string } {
  const src = `apps/${service}/src`;
  for (const entry of readdirSync(resolve(workspace.root, src), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = readdirSync(resolve(workspace.root, src, entry.name)).find((name) => name.endsWith('.module.ts'));
    if (file) return { folder: `${src}/${entry.name}`, module: `${src}/${entry.name}/${file}` };
  }
  throw new Error(`${src} has no feature folder with a *.module.ts; add the handler by hand`);
}

/** Adds a controller and a provider to a feature's @Module, with their imports. */
export function registerInModule(
  workspace: Workspace,
  path: string,
  controller: { name: string; file: string },
  provider: { name: string; file: string },
): void {
  workspace.edit(path, (text) => {
    const imported = replaceOnce(
      text,
      /((?:^import .*\n)+)/m,
      (imports) =>
        `${imports}import { ${controller.name} } from '${module(controller.file)}';\n` +
        `import { ${provider.name} } from '${module(provider.file)}';\n`,
      path,
    );
    const withController = replaceOnce(
      imported,
      /controllers: \[([^\]]*)\]/,
      (list) => list.replace(/,?\s*\]$/, `, ${controller.name}]`),
      path,
    );
    return /providers: \[/.test(withController)
      ? replaceOnce(
          withController,
          /providers: \[([^\]]*)\]/,
          (list) => list.replace(/,?\s*\]$/, `, ${provider.name}]`),
          path,
        )
      : withController.replace(/(controllers: \[[^\]]*\],?)/, `$1\n  providers: [${provider.name}],`);
  });
}
