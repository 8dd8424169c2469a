import { CachedProbe } from '#health';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { sql, type Kysely } from 'kysely';
import { DATABASE } from './persistence.tokens.js';

/** The only reason readiness gives: the driver's error (host, user, file path) goes to the log. */
export const DATABASE_UNREACHABLE = 'database unreachable';

/** Readiness: the service's database answers a trivial query on its own pool, asked at most once a second. */
@Injectable()
export class DatabaseHealthIndicator {
  private readonly probe: CachedProbe;

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<unknown>,
    private readonly health: HealthIndicatorService,
  ) {
    this.probe = new CachedProbe(
      async () => {
        await sql`select 1`.execute(this.db);
      },
      { subject: 'database', logger: new Logger('DatabaseHealth') },
    );
  }

  async check(key = 'database') {
    const indicator = this.health.check(key);
    return (await this.probe.reachable()) ? indicator.up() : indicator.down({ message: DATABASE_UNREACHABLE });
  }
}
