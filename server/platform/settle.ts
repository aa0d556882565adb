/**
 * Settling after bulk writes. A device's scans or a lab's result file add or change hundreds of
 * thousands of rows in a few minutes. Until VACUUM has been through them, PostgreSQL's visibility
 * map does not know those pages are all-visible, so the index-only scans that count coverage read
 * the heap row by row: a village's coverage took 264 ms right after a full-city round, 9.9 ms after
 * VACUUM (bench/testing.ts). Autovacuum gets there eventually — if it is on, after its nap, and for
 * inserts only once a fifth of the table is new — so the bulk paths ask for it themselves.
 *
 * `touched(tables)` marks tables; once the writes pause for `quietMs` (or at the latest `maxWaitMs`
 * after the first mark, under a steady stream) one `VACUUM (ANALYZE, SKIP_LOCKED)` runs for all of
 * them, in the background, on its own connection. SKIP_LOCKED: when another server (or autovacuum)
 * is already vacuuming a table, this one leaves it. On the embedded database it does nothing:
 * PGlite has one connection, and a VACUUM there would stop every request while it runs.
 */
import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from '../db/connect.js';
import type { Database } from '../db/schema.js';

/** The tables bulk paths fill (a closed list: the names go into the statement as they are). */
export type BulkTable = 'samples' | 'tubes' | 'sample_flags';
const BULK_TABLES: ReadonlySet<string> = new Set<BulkTable>(['samples', 'tubes', 'sample_flags']);

export interface SettleLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export class TableSettler {
  readonly #dirty = new Set<BulkTable>();
  #firstMarkAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind | null,
    private readonly log: SettleLog,
    private readonly quietMs = 10_000,
    private readonly maxWaitMs = 60_000,
  ) {}

  /** Whether this database is settled here (server PostgreSQL) at all. */
  get active(): boolean {
    return this.kind === 'postgres' && !this.#stopped;
  }

  /** Tables a bulk write has just committed rows to. */
  touched(tables: readonly BulkTable[]): void {
    for (const table of tables)
      if (!BULK_TABLES.has(table)) throw new Error(`not a bulk-written table: ${String(table)}`);
    if (!this.active || tables.length === 0) return;
    for (const table of tables) this.#dirty.add(table);
    const now = Date.now();
    if (this.#firstMarkAt === 0) this.#firstMarkAt = now;
    const delay = Math.max(0, Math.min(this.quietMs, this.#firstMarkAt + this.maxWaitMs - now));
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#start(), delay);
    this.#timer.unref();
  }

  /** Settles what is marked now, and waits for it (and for a run already under way). */
  async settle(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
    if (this.#dirty.size > 0) await this.#start();
  }

  /** Stops scheduling; waits for a run under way (server shutdown). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  #start(): Promise<void> {
    this.#timer = undefined;
    if (this.#running) {
      // One run at a time: the tables marked meanwhile go in the next, once this one ends.
      return this.#running.then(() => (this.#dirty.size > 0 && !this.#stopped ? this.#start() : undefined));
    }
    const tables = [...this.#dirty].sort();
    this.#dirty.clear();
    this.#firstMarkAt = 0;
    if (tables.length === 0) return Promise.resolve();
    const started = Date.now();
    this.#running = sql`vacuum (analyze, skip_locked) ${sql.raw(tables.join(', '))}`
      .execute(this.db)
      .then(
        () => this.log.info({ tables, ms: Date.now() - started }, 'tables settled after bulk writes'),
        (error: unknown) => this.log.error({ err: error, tables }, 'settling after bulk writes failed'),
      )
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }
}
