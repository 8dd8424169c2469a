import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Migrator, type Kysely, type Migration } from 'kysely';
import { createDatabase } from './create-database.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { parseDatabaseUrl } from './database-url.js';
import { DATABASE, DATABASE_LOCATION } from './persistence.tokens.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export interface PersistenceOptions {
  databaseUrl: string;
  /**
   * Every migration of the database, the libraries' (OUTBOX_MIGRATIONS) and the service's own, applied
   * in name order; one added later runs even though a migration with a later name already ran.
   */
  migrations: Record<string, Migration>;
  /** PostgreSQL connections at most (see createDatabase); ignored on SQLite. */
  poolSize?: number;
}

/** The service's database (migrated before anything uses it) and its health check. */
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<unknown>,
    private readonly checkpointer: WalCheckpointer,
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
            const db = createDatabase(location, options.poolSize);
            await migrateDatabase(db, options.migrations);
            return db;
          },
        },
        WalCheckpointer,
        DatabaseHealthIndicator,
      ],
      exports: [DATABASE, DATABASE_LOCATION, DatabaseHealthIndicator],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.checkpointer.stop();
    await this.db.destroy();
  }
}

/** Brings the database to the latest schema: every migration not applied yet, in name order. */
export async function migrateDatabase(db: Kysely<unknown>, migrations: Record<string, Migration>): Promise<void> {
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
