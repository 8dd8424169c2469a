import { TRANSIENT_ERROR_CLASSIFIER } from '#messaging';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Migrator, type Kysely, type Migration } from 'kysely';
import { createDatabase } from './create-database.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { isDatabaseOutage } from './database-outage.js';
import { parseDatabaseUrl } from './database-url.js';
import { OutboxRelay } from './outbox-relay.js';
import { keyInboxBySource } from './inbox-keyed-by-source.js';
import { createOutboxAndInbox } from './outbox.table.js';
import { DATABASE, DATABASE_LOCATION } from './persistence.tokens.js';

export interface PersistenceOptions {
  databaseUrl: string;
  /**
   * The service's own migrations, applied in name order with the library's (`0000-outbox-and-inbox`,
   * `0001-inbox-keyed-by-source`, ...); a library migration added later runs even though an app
   * migration with a later name already ran.
   */
  migrations: Record<string, Migration>;
}

/** The service's database (migrated before anything uses it), its outbox relay and a health check. */
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<unknown>,
    private readonly relay: OutboxRelay,
  ) {}

  static forRoot(options: PersistenceOptions): DynamicModule {
    const location = parseDatabaseUrl(options.databaseUrl);
    return {
      module: PersistenceModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        { provide: DATABASE_LOCATION, useValue: location },
        {
          provide: DATABASE,
          useFactory: async () => {
            const db = createDatabase(location);
            await migrate(db, {
              '0000-outbox-and-inbox': createOutboxAndInbox,
              '0001-inbox-keyed-by-source': keyInboxBySource,
              ...options.migrations,
            });
            return db;
          },
        },
        { provide: TRANSIENT_ERROR_CLASSIFIER, useValue: isDatabaseOutage },
        OutboxRelay,
        DatabaseHealthIndicator,
      ],
      exports: [DATABASE, DATABASE_LOCATION, TRANSIENT_ERROR_CLASSIFIER, OutboxRelay, DatabaseHealthIndicator],
    };
  }

  /** The relay is normally stopped earlier by the shutdown sequence; stopping twice is harmless. */
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.db.destroy();
  }
}

async function migrate(db: Kysely<unknown>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error)?.message ?? error}`);
  }
}
