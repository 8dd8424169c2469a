import { eventControllerFile, handlerNames } from './event-handler-files.js';
import { constantCase, type EventNames, pascalCase, snakeCase } from './names.js';

/** What `npm run new:service` makes: one service, the events it consumes and those it publishes. */
export interface ServicePlan {
  service: string;
  domain: string;
  port: number;
  consumes: EventNames[];
  publishes: EventNames[];
}

/**
 * The names inside a new service, for `shipping`: ShippingModule, the shipping_records table (what
 * happened to each subject: the events it consumed and published), ShippingRecord, SHIPPING_SOURCE.
 */
function namesOf(plan: ServicePlan) {
  const Domain = pascalCase(plan.domain);
  return {
    Domain,
    module: `${Domain}Module`,
    table: `${snakeCase(plan.domain)}_records`,
    tables: `${pascalCase(plan.service)}Tables`,
    rowType: `${Domain}RecordsTable`,
    record: `${Domain}Record`,
    records: `${Domain}Records`,
    response: `${Domain}RecordResponse`,
    source: `${constantCase(plan.domain)}_SOURCE`,
    migration: `create${Domain}RecordsTable`,
  };
}

const publishNames = (event: EventNames) => {
  const kebab = event.file.replace(/\.event\.ts$/, '');
  return { useCase: `Publish${event.contract}`, file: `publish-${kebab}.service.ts`, builder: `${event.id}Event` };
};

const js = (file: string) => `./${file.replace(/\.ts$/, '.js')}`;

/** Every file of the new service, by path, and its e2e test's path is not among them (see e2e-file.ts). */
export function serviceFiles(plan: ServicePlan): Record<string, string> {
  const n = namesOf(plan);
  const src = `apps/${plan.service}/src`;
  const dir = `${src}/${plan.domain}`;
  const files: Record<string, string> = {
    [`${src}/main.ts`]: mainFile(plan),
    [`${src}/app.module.ts`]: appModuleFile(plan),
    [`${dir}/${plan.domain}.module.ts`]: featureModuleFile(plan),
    [`${dir}/${plan.domain}.table.ts`]: tableFile(plan),
    [`${dir}/${plan.domain}-records-table.migration.ts`]: migrationFile(plan),
    [`${dir}/${plan.domain}-records.ts`]: recordsFile(plan),
    [`${dir}/${plan.domain}-records.spec.ts`]: recordsSpecFile(plan),
    [`${dir}/${plan.domain}-record.response.ts`]: responseFile(plan),
    [`${dir}/${plan.domain}.http.controller.ts`]: httpControllerFile(plan),
  };
  for (const event of plan.consumes) {
    const handler = handlerNames(event);
    files[`${dir}/${handler.controllerFile}`] = eventControllerFile(plan.service, event, {
      type: n.record,
      from: js(`${plan.domain}-records.ts`),
    });
    files[`${dir}/${handler.useCaseFile}`] = consumeUseCaseFile(plan, event);
  }
  for (const event of plan.publishes) {
    files[`${dir}/${publishNames(event).file}`] = publishUseCaseFile(plan, event);
    files[`${dir}/${publishNames(event).file.replace(/\.ts$/, '.spec.ts')}`] = publishSpecFile(plan, event);
  }
  return files;
}

function mainFile(plan: ServicePlan): string {
  return `import 'reflect-metadata';
import { bootstrapService, exitOnConfigurationError, loadServiceConfig } from '#runtime';
import { AppModule } from './app.module.js';

const config = exitOnConfigurationError(() => loadServiceConfig('${plan.service}', { port: ${plan.port} }));
await bootstrapService(AppModule.register(config), config);
`;
}

function appModuleFile(plan: ServicePlan): string {
  const n = namesOf(plan);
  return `import { composeServiceModule, type ServiceConfig } from '#runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { ${n.module} } from './${plan.domain}/${plan.domain}.module.js';
import { ${n.migration} } from './${plan.domain}/${plan.domain}-records-table.migration.js';

/** Composition root of ${plan.service}: its ${plan.domain} feature and its table, on every service's runtime. */
@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return composeServiceModule(AppModule, config, {
      feature: ${n.module},
      migrations: { '0001-${plan.domain}-records': ${n.migration} },
    });
  }
}
`;
}

function featureModuleFile(plan: ServicePlan): string {
  const n = namesOf(plan);
  const controllers = [
    { name: `${n.Domain}HttpController`, file: `${plan.domain}.http.controller.ts` },
    ...plan.consumes.map((event) => ({
      name: handlerNames(event).controller,
      file: handlerNames(event).controllerFile,
    })),
  ];
  const providers = [
    { name: n.records, file: `${plan.domain}-records.ts` },
    ...plan.consumes.map((event) => ({ name: handlerNames(event).useCase, file: handlerNames(event).useCaseFile })),
    ...plan.publishes.map((event) => ({ name: publishNames(event).useCase, file: publishNames(event).file })),
  ];
  const imports = [...controllers, ...providers].map(({ name, file }) => `import { ${name} } from '${js(file)}';`);
  return `import { Module } from '@nestjs/common';
${imports.join('\n')}

@Module({
  controllers: [${controllers.map(({ name }) => name).join(', ')}],
  providers: [${providers.map(({ name }) => name).join(', ')}],
})
export class ${n.module} {}
`;
}

function tableFile(plan: ServicePlan): string {
  const n = namesOf(plan);
  return `import type { OutboxTables } from '#outbox';

/** One row per event ${plan.service} consumed or published, about the subject the event names. */
export interface ${n.rowType} {
  id: string;
  subject_id: string;
  event_type: string;
  recorded_at: string;
}

export interface ${n.tables} extends OutboxTables {
  ${n.table}: ${n.rowType};
}
`;
}

function migrationFile(plan: ServicePlan): string {
  const n = namesOf(plan);
  return `import type { Kysely, Migration } from 'kysely';

/** 0001-${plan.domain}-records: the table of what happened to each subject. */
export const ${n.migration}: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('${n.table}')
      .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
      .addColumn('subject_id', 'varchar(256)', (column) => column.notNull())
      .addColumn('event_type', 'varchar(128)', (column) => column.notNull())
      .addColumn('recorded_at', 'varchar(32)', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('${n.table}_by_subject').on('${n.table}').columns(['subject_id', 'id']).execute();
  },
};
`;
}

function recordsFile(plan: ServicePlan): string {
  const n = namesOf(plan);
  return `import { newTimeOrderedId } from '#events';
import { DATABASE } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Transaction } from 'kysely';
import type { ${n.rowType}, ${n.tables} } from './${plan.domain}.table.js';

export const ${n.source} = '/${plan.service}';

/** Something that happened to a subject in ${plan.service}: an event it consumed or published. */
export interface ${n.record} {
  id: string;
  subjectId: string;
  eventType: string;
  recordedAt: string;
}

/** The records of one subject, oldest first, for the HTTP API. */
@Injectable()
export class ${n.records} {
  constructor(@Inject(DATABASE) private readonly db: Kysely<${n.tables}>) {}

  async ofSubject(subjectId: string): Promise<${n.record}[]> {
    const rows = await this.db.selectFrom('${n.table}').selectAll().where('subject_id', '=', subjectId).orderBy('id').execute();
    return rows.map(to${n.record});
  }
}

/** Writes a record inside a use case's unit of work. */
export async function add${n.record}(
  trx: Transaction<${n.tables}>,
  subjectId: string,
  eventType: string,
): Promise<${n.record}> {
  const row = new${n.record}Row(subjectId, eventType);
  await trx.insertInto('${n.table}').values(row).execute();
  return to${n.record}(row);
}

/** Time-ordered ids: the records of a subject read back in the order they were made. */
export function new${n.record}Row(subjectId: string, eventType: string, now = new Date()): ${n.rowType} {
  return { id: newTimeOrderedId(), subject_id: subjectId, event_type: eventType, recorded_at: now.toISOString() };
}

export function to${n.record}(row: ${n.rowType}): ${n.record} {
  return { id: row.id, subjectId: row.subject_id, eventType: row.event_type, recordedAt: row.recorded_at };
}
`;
}

function recordsSpecFile(plan: ServicePlan): string {
  const n = namesOf(plan);
  return `import { new${n.record}Row, to${n.record} } from './${plan.domain}-records.js';

describe('${plan.service} records', () => {
  it('reads back what was written, under the names the HTTP API answers with', () => {
    const now = new Date('2026-01-01T12:00:00.000Z');
    const row = new${n.record}Row('0b6f8a5e-3f0c-4a4e-9a57-5f1f5b8f2c11', 'some.event', now);
    expect(to${n.record}(row)).toEqual({
      id: row.id,
      subjectId: '0b6f8a5e-3f0c-4a4e-9a57-5f1f5b8f2c11',
      eventType: 'some.event',
      recordedAt: '2026-01-01T12:00:00.000Z',
    });
  });

  it('gives later records larger ids, so that a subject reads oldest first', () => {
    const ids = Array.from({ length: 20 }, () => new${n.record}Row('s', 't').id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
`;
}

function responseFile(plan: ServicePlan): string {
  const n = namesOf(plan);
  const example = plan.publishes[0]?.type ?? plan.consumes[0]?.type ?? 'some.event';
  return `import { ApiProperty } from '@nestjs/swagger';
import type { ${n.record} } from './${plan.domain}-records.js';

/** The OpenAPI schema of one record; \`implements ${n.record}\` keeps the two in step. */
export class ${n.response} implements ${n.record} {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'What the event is about (its subject)', format: 'uuid' })
  subjectId!: string;

  @ApiProperty({ description: 'The event ${plan.service} consumed or published', example: '${example}' })
  eventType!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}
`;
}

function httpControllerFile(plan: ServicePlan): string {
  const n = namesOf(plan);
  const routes = plan.publishes.map((event) => {
    const path = event.file.replace(/\.event\.ts$/, '');
    return `
  /** Publishes ${event.type} about a subject: the same use case as when a consumed event leads to it. */
  @Post(':subjectId/${path}')
  @HttpCode(201)
  @AdminOnly()
  @ApiOperation({
    summary: 'Publish ${event.type} about a subject',
    description:
      'Records it and publishes it in one transaction. Administration: when the service has ADMIN_TOKEN set, ' +
      'the request needs \`Authorization: Bearer <ADMIN_TOKEN>\` (401 otherwise).',
  })
  @ApiParam(SUBJECT_ID)
  @ApiCreatedResponse({ description: 'The record of the event, which is published once it committed', type: ${n.response} })
  @ApiBadRequestResponse({ description: 'The subject id is not a UUID' })
  publish${event.contract}(
    @Param('subjectId', new ParseUUIDPipe()) subjectId: string,
    @RequestTraceContext() trace: EventTraceContext,
  ): Promise<${n.record}> {
    return this.${event.id}.run(subjectId, trace);
  }`;
  });
  const publishing = plan.publishes.length > 0;
  const injected = plan.publishes.map((event) => `    private readonly ${event.id}: ${publishNames(event).useCase},`);
  return `${publishing ? "import type { EventTraceContext } from '#events';\nimport { AdminOnly, RequestTraceContext } from '#runtime';\n" : ''}import { Controller, Get, ${publishing ? 'HttpCode, ' : ''}NotFoundException, Param, ParseUUIDPipe${publishing ? ', Post' : ''} } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ${publishing ? 'ApiCreatedResponse,\n  ' : ''}ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ${n.response} } from './${plan.domain}-record.response.js';
import { ${n.records}, type ${n.record} } from './${plan.domain}-records.js';
${plan.publishes.map((event) => `import { ${publishNames(event).useCase} } from '${js(publishNames(event).file)}';`).join('\n')}

const SUBJECT_ID = {
  name: 'subjectId',
  description: 'What the events are about (their subject)',
  schema: { type: 'string', format: 'uuid' },
} as const;

@ApiTags('${plan.domain}')
@Controller('${plan.domain}')
export class ${n.Domain}HttpController {
  constructor(
    private readonly records: ${n.records},
${injected.join('\n')}
  ) {}

  @Get(':subjectId')
  @ApiOperation({ summary: 'What ${plan.service} recorded about a subject: the events it consumed and published' })
  @ApiParam(SUBJECT_ID)
  @ApiOkResponse({ description: 'The records, oldest first', type: [${n.response}] })
  @ApiBadRequestResponse({ description: 'The subject id is not a UUID' })
  @ApiNotFoundResponse({ description: 'Nothing was recorded about this subject' })
  async get(@Param('subjectId', new ParseUUIDPipe()) subjectId: string): Promise<${n.record}[]> {
    const records = await this.records.ofSubject(subjectId);
    if (records.length === 0) throw new NotFoundException(\`nothing recorded about \${subjectId}\`);
    return records;
  }
${routes.join('\n')}
}
`;
}

function consumeUseCaseFile(plan: ServicePlan, event: EventNames): string {
  const n = namesOf(plan);
  const names = handlerNames(event);
  const publishers = plan.publishes.map((published) => ({
    field: published.id,
    ...publishNames(published),
  }));
  const follows = publishers.length
    ? ` and ${plan.publishes.map((published) => published.type).join(', ')} published`
    : '';
  return `import type { ${event.contract} } from '#events';
import type { ReceivedEvent } from '#messaging';
import { UnitOfWork, type Consumption } from '#outbox';
import { Injectable } from '@nestjs/common';
import { add${n.record}, type ${n.record} } from './${plan.domain}-records.js';
import type { ${n.tables} } from './${plan.domain}.table.js';
${publishers.map(({ useCase, file }) => `import { ${useCase} } from '${js(file)}';`).join('\n')}

/** ${event.type}, as ${plan.service} takes it: recorded${follows}, in one transaction. */
@Injectable()
export class ${names.useCase} {
  constructor(
    private readonly unitOfWork: UnitOfWork,
${publishers.map(({ field, useCase }) => `    private readonly ${field}: ${useCase},`).join('\n')}
  ) {}

  /** One unit of work that consumes the event: a redelivery changes nothing (\`{ duplicate: true }\`). */
  handle(event: ReceivedEvent<${event.contract}>): Promise<Consumption<${n.record}>> {
    return this.unitOfWork.run<${n.tables}, ${n.record}>(
      async (trx${publishers.length ? ', outbox' : ''}) => {
        const record = await add${n.record}(trx, event.subject, event.type);
${publishers.map(({ field }) => `        await this.${field}.within(trx, outbox, event.subject, event);`).join('\n')}
        return record;
      },
      { consumed: event },
    );
  }
}
`;
}

function publishUseCaseFile(plan: ServicePlan, event: EventNames): string {
  const n = namesOf(plan);
  const publish = publishNames(event);
  return `import { createEnvelope, type EventEnvelope, type EventTraceContext, ${event.constant}, type ${event.contract} } from '#events';
import { UnitOfWork, type OutboxWriter } from '#outbox';
import { Injectable } from '@nestjs/common';
import type { Transaction } from 'kysely';
import { add${n.record}, ${n.source}, type ${n.record} } from './${plan.domain}-records.js';
import type { ${n.tables} } from './${plan.domain}.table.js';

/** ${event.type} about a subject: recorded, and published once the transaction committed. */
@Injectable()
export class ${publish.useCase} {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** A unit of work of its own (an HTTP request); \`trace\` is the trace the event continues. */
  run(subjectId: string, trace: EventTraceContext = {}): Promise<${n.record}> {
    return this.unitOfWork.run<${n.tables}, ${n.record}>((trx, outbox) => this.within(trx, outbox, subjectId, trace));
  }

  /** The same inside a unit of work already running, such as one that consumes an event. */
  async within(
    trx: Transaction<${n.tables}>,
    outbox: OutboxWriter,
    subjectId: string,
    trace: EventTraceContext,
  ): Promise<${n.record}> {
    const record = await add${n.record}(trx, subjectId, ${event.constant});
    outbox.add(${publish.builder}(subjectId, trace));
    return record;
  }
}

/** The event itself; its data is what its contract (libs/events) asks for. */
export function ${publish.builder}(subjectId: string, { traceparent, tracestate }: EventTraceContext): EventEnvelope<${event.contract}> {
  return createEnvelope<${event.contract}>({
    type: ${event.constant},
    source: ${n.source},
    subject: subjectId,
    data: { subjectId },
    traceparent,
    tracestate,
  });
}
`;
}

function publishSpecFile(plan: ServicePlan, event: EventNames): string {
  const publish = publishNames(event);
  return `import { ${event.constant}, ${event.contract}, validateEventData } from '#events';
import { ${publish.builder} } from './${publish.file.replace(/\.ts$/, '.js')}';

describe('${event.type} as ${plan.service} publishes it', () => {
  const subjectId = '0b6f8a5e-3f0c-4a4e-9a57-5f1f5b8f2c11';
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('is about its subject, from ${plan.service}, and satisfies its contract', () => {
    const event = ${publish.builder}(subjectId, {});
    expect(event).toMatchObject({ type: ${event.constant}, source: '/${plan.service}', subject: subjectId });
    expect(() => validateEventData(${event.contract}, event.data)).not.toThrow();
    expect(event).not.toHaveProperty('traceparent');
  });

  it('continues the trace of what caused it', () => {
    expect(${publish.builder}(subjectId, { traceparent, tracestate: 'vendor=1' })).toMatchObject({
      traceparent,
      tracestate: 'vendor=1',
    });
  });
});
`;
}
