/**
 * Builds each service's OpenAPI document from its real AppModule, with the database, the broker client
 * and the lifecycle providers that would connect replaced by inert stand-ins: no broker, no database,
 * nothing listening. scripts/openapi.ts writes the result to docs/openapi/; the unit test
 * test/docs/api-documents.spec.ts checks the committed files against it.
 */
import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { BROKER_TRANSPORT, EVENT_CLIENT, TopologyProvisioner } from '#messaging';
import { OutboxRelay } from '#outbox';
import { DATABASE, WalCheckpointer } from '#persistence';
import { createOpenApiDocument, loadServiceConfig, openApiInfo, type ServiceConfig } from '#runtime';
import { AppModule as InventoryAppModule } from '../apps/inventory-service/src/app.module.js';
import { AppModule as OrderAppModule } from '../apps/order-service/src/app.module.js';

/** Every service with an HTTP API, and its composition root. */
export const DOCUMENTED_SERVICES: Record<string, (config: ServiceConfig) => DynamicModule> = {
  'order-service': (config) => OrderAppModule.register(config),
  'inventory-service': (config) => InventoryAppModule.register(config),
};

/**
 * A stand-in whose every method is an async no-op: whatever lifecycle hook or shutdown step reaches it
 * (connect, provision, poll, stop, close, destroy) does nothing.
 */
function inert(): object {
  return new Proxy(
    {},
    {
      get: (_, key) =>
        typeof key === 'symbol' || key === 'then' || key === 'constructor' ? undefined : async () => {},
    },
  );
}

/** Where each service's document is committed, relative to the repository root. */
export const openApiPath = (service: string) => `docs/openapi/${service}.json`;

/**
 * The service's Nest application, routes and all, that never opens a connection. It is not initialised;
 * init() is safe (no hook reaches a broker or database) and registers the HTTP routes; close() too.
 */
export async function createDocumentationApp(service: string): Promise<INestApplication> {
  const register = DOCUMENTED_SERVICES[service];
  if (!register) throw new Error(`unknown service ${service}`);
  // Defaults only, whatever the environment says: the document must not depend on where it is built.
  const config = loadServiceConfig(service, { port: 0 }, {});
  // Everything that would open a connection or start work in the background.
  const moduleRef = await Test.createTestingModule({ imports: [register(config)] })
    .overrideProvider(DATABASE)
    .useValue(inert())
    .overrideProvider(BROKER_TRANSPORT)
    .useValue(inert())
    .overrideProvider(EVENT_CLIENT)
    .useValue(inert())
    .overrideProvider(TopologyProvisioner)
    .useValue(inert())
    .overrideProvider(WalCheckpointer)
    .useValue(inert())
    .overrideProvider(OutboxRelay)
    .useValue(inert())
    .compile();
  return moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
}

export async function buildOpenApiDocument(service: string): Promise<OpenAPIObject> {
  const app = await createDocumentationApp(service);
  try {
    // A JSON round trip drops undefined members, so the result equals what is written to disk.
    return JSON.parse(JSON.stringify(createOpenApiDocument(app, openApiInfo(service)))) as OpenAPIObject;
  } finally {
    await app.close();
  }
}

/** Every service's document, keyed by service name. */
export async function buildOpenApiDocuments(): Promise<Record<string, OpenAPIObject>> {
  const documents: Record<string, OpenAPIObject> = {};
  for (const service of Object.keys(DOCUMENTED_SERVICES)) documents[service] = await buildOpenApiDocument(service);
  return documents;
}
