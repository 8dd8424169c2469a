import { TRANSIENT_ERROR_CLASSIFIER } from '#messaging';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Migrator, type Kysely, type Migration } from 'kysely';
import { createDatabase } from './create-database.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { isDatabaseOutage } from './database-outage.js';
import { parseDatabaseUrl } from './database-url.js';
import { addOutboxDeliveryState } from './outbox-delivery-state.migration.js';
import { OutboxRelay } from './outbox-relay.js';
import { keyInboxBySource } from './inbox-keyed-by-source.js';
import { createOutboxAndInbox } from './outbox.table.js';
import { DEFAULT_PERSISTENCE_SETTINGS, type PersistenceSettings } from './persistence.config.js';
import { DATABASE, DATABASE_LOCATION, OUTBOX_DELIVERY_SETTINGS, RETENTION_SETTINGS } from './persistence.tokens.js';
import { RetentionPruner } from './retention-pruner.js';
import { UnitOfWork } from './unit-of-work.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export interface PersistenceOptions {
  databaseUrl: string;
  /**
   * The service's own migrations, applied in name order with the library's (`0000-outbox-and-inbox`,
   * `0001-inbox-keyed-by-source`, ...); a library migration added later runs even though an app
   * migration with a later name already ran.
   */
  migrations: Record<string, Migration>;
  /** Outbox delivery and retention (loadPersistenceSettings); the defaults when omitted. */
  settings?: PersistenceSettings;
}

/** The service's database (migrated before anything uses it), its outbox relay and a health check. */
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<unknown>,
    private readonly relay: OutboxRelay,
    private readonly pruner: RetentionPruner,
    private readonly checkpointer: WalCheckpointer,
  ) {}

  static forRoot(options: PersistenceOptions): DynamicModule {
    const location = parseDatabaseUrl(options.databaseUrl);
    const settings = options.settings ?? DEFAULT_PERSISTENCE_SETTINGS;
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
            await migrateDatabase(db, options.migrations);
            return db;
          },
        },
        { provide: TRANSIENT_ERROR_CLASSIFIER, useValue: isDatabaseOutage },
        { provide: OUTBOX_DELIVERY_SETTINGS, useValue: settings.outbox },
        { provide: RETENTION_SETTINGS, useValue: settings.retention },
        OutboxRelay,
        RetentionPruner,
        WalCheckpointer,
        UnitOfWork,
        DatabaseHealthIndicator,
      ],
      exports: [
        DATABASE,
        DATABASE_LOCATION,
        TRANSIENT_ERROR_CLASSIFIER,
        OutboxRelay,
        UnitOfWork,
        DatabaseHealthIndicator,
      ],
    };
  }

  /** The relay is normally stopped earlier by the shutdown sequence; stopping twice is harmless. */
  async onApplicationShutdown(): Promise<void> {
    await this.pruner.stop();
    await this.relay.stop();
    await this.checkpointer.stop();
    await this.db.destroy();
  }
}

/** Brings the database to the latest schema: the outbox and inbox tables, then the service's own. */
export async function migrateDatabase(
  db: Kysely<unknown>,
  serviceMigrations: Record<string, Migration>,
): Promise<void> {
  const migrations: Record<string, Migration> = {
    '0000-outbox-and-inbox': createOutboxAndInbox,
    '0001-inbox-keyed-by-source': keyInboxBySource,
    '0002-outbox-delivery-state': addOutboxDeliveryState,
    ...serviceMigrations,
  };
  await migrate(db, migrations);
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
