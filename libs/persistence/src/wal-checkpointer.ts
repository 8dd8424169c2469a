import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import type { DatabaseLocation } from './database-url.js';
import { DATABASE, DATABASE_LOCATION } from './persistence.tokens.js';

/** How often the worker copies the write-ahead log back into the database file. */
const CHECKPOINT_INTERVAL_MS = 200;
/** What a reset write-ahead log file is cut back to. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The worker's whole program, kept here so it runs the same from dist, under tsx and under Jest:
 * its own connection to the file, a PASSIVE checkpoint on a timer, closed when told to stop.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const database = new SQLite(workerData.file);
database.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { database.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.intervalMs);
parentPort.once('message', () => { clearInterval(timer); database.close(); parentPort.close(); });
`;

/**
 * SQLite only: checkpoints the write-ahead log on a worker thread instead of inside the service's
 * commits. SQLite's automatic checkpoint runs in the commit that crosses 1,000 pages and syncs the log
 * and the database file; better-sqlite3 runs it on the event loop, so under load it took most of the
 * time of a commit and held every request and message behind it. A PASSIVE checkpoint on another
 * connection never blocks the service's writes. Durability is unchanged: a commit is in the log
 * (WAL, synchronous=NORMAL) when it returns, checkpointed or not. Should the worker fail, the
 * connection goes back to SQLite's automatic checkpoints.
 */
@Injectable()
export class WalCheckpointer implements OnApplicationBootstrap {
  private readonly logger = new Logger('WalCheckpointer');
  private worker: Worker | null = null;

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<unknown>,
    @Inject(DATABASE_LOCATION) private readonly location: DatabaseLocation,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.location.dialect !== 'sqlite' || this.location.file === ':memory:') return;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.location.file,
        intervalMs: CHECKPOINT_INTERVAL_MS,
      },
    });
    worker.on('message', (failure) => this.logger.warn(`checkpoint failed (${failure}); the next one catches up`));
    worker.once('error', (error) => void this.fallBack(`checkpoint worker failed: ${error.message}`));
    // Never what keeps the process alive (after the listeners: adding a 'message' listener refs it again).
    worker.unref();
    this.worker = worker;
    await sql`pragma wal_autocheckpoint = 0`.execute(this.db);
    await sql.raw(`pragma journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`).execute(this.db);
  }

  /** Stops the worker; SQLite checkpoints what is left when the service's connection closes. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Waiting for its exit must keep the process alive until then.
    worker.ref();
    worker.postMessage('stop');
    await exited;
  }

  private async fallBack(reason: string): Promise<void> {
    this.worker = null;
    this.logger.error(`${reason}; SQLite checkpoints in the service's own commits again`);
    await sql`pragma wal_autocheckpoint = 1000`.execute(this.db).catch(() => undefined);
  }
}
