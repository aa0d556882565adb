/**
 * SQL of import jobs (imports, import_errors) and the people lookups the importer needs beyond
 * people.repo.ts. State changes are conditional UPDATEs (… WHERE status IN …), so two servers, or
 * a request racing the runner, cannot both move a job.
 */
import { type Insertable, type Kysely, type Transaction, sql } from 'kysely';
import type { Database, ImportRow, ImportStatus, ImportsTable } from '../../../db/schema.js';
import { type Scope, inScope } from '../../../platform/scope.js';

type Db = Kysely<Database> | Transaction<Database>;

export function insertImport(db: Db, row: Insertable<ImportsTable>): Promise<ImportRow> {
  return db.insertInto('imports').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findImport(db: Db, id: string, scope?: Scope): Promise<ImportRow | undefined> {
  let q = db.selectFrom('imports as i').selectAll('i').where('i.id', '=', id);
  if (scope) q = q.where(inScope(scope, 'i'));
  return q.executeTakeFirst();
}

export async function listImports(
  db: Db,
  scope: Scope,
  page: { limit: number; offset: number },
): Promise<{ items: ImportRow[]; total: number }> {
  const [items, total] = await Promise.all([
    db
      .selectFrom('imports as i')
      .selectAll('i')
      .where(inScope(scope, 'i'))
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('imports as i')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(inScope(scope, 'i'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

/** Moves a job from one of `from` to `to`; the row when it moved, undefined when it was elsewhere. */
export function transition(
  db: Db,
  id: string,
  from: ImportStatus[],
  to: ImportStatus,
  set: { mapping?: string; error?: string | null } = {},
): Promise<ImportRow | undefined> {
  return db
    .updateTable('imports')
    .set({
      status: to,
      ...set,
      ...(to === 'running'
        ? { heartbeat_at: sql<Date>`now()`, started_at: sql<Date>`coalesce(started_at, now())` }
        : {}),
      ...(['done', 'failed', 'cancelled'].includes(to) ? { finished_at: sql<Date>`now()` } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

export async function heartbeat(db: Db, id: string): Promise<void> {
  await db
    .updateTable('imports')
    .set({ heartbeat_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export interface BatchCounts {
  rows: number;
  ok: number;
  failed: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Advances the cursor and the counters in the batch's transaction. False when the job is no longer
 * running (cancelled meanwhile): the caller then rolls the batch back.
 */
export async function commitCursor(tx: Db, job: ImportRow, counts: BatchCounts): Promise<boolean> {
  const result = await tx
    .updateTable('imports')
    .set({
      rows_done: sql<number>`rows_done + ${counts.rows}`,
      rows_ok: sql<number>`rows_ok + ${counts.ok}`,
      rows_failed: sql<number>`rows_failed + ${counts.failed}`,
      rows_inserted: sql<number>`rows_inserted + ${counts.inserted}`,
      rows_updated: sql<number>`rows_updated + ${counts.updated}`,
      rows_unchanged: sql<number>`rows_unchanged + ${counts.unchanged}`,
      heartbeat_at: sql<Date>`now()`,
    })
    .where('county_code', '=', job.county_code)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishJob(db: Db, job: ImportRow, status: 'done' | 'failed', error: string | null) {
  return db
    .updateTable('imports')
    .set({
      status,
      error,
      finished_at: sql<Date>`now()`,
      ...(status === 'done' ? { rows_total: sql<number>`rows_done` } : {}),
    })
    .where('county_code', '=', job.county_code)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirst();
}

export async function setRowsTotal(db: Db, job: ImportRow, total: number): Promise<void> {
  await db
    .updateTable('imports')
    .set({ rows_total: total })
    .where('county_code', '=', job.county_code)
    .where('id', '=', job.id)
    .execute();
}

export interface ErrorRow {
  row_number: number;
  problems: Array<{ column: string; message: string; code?: string }>;
  raw: string;
}

export async function insertErrors(tx: Db, job: ImportRow, rows: ErrorRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto('import_errors')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          county_code: job.county_code,
          import_id: job.id,
          row_number: r.row_number,
          problems: JSON.stringify(r.problems),
          raw: r.raw,
        })),
      )
      // A batch re-run after a crash between commit and cursor cannot happen (same transaction);
      // this only guards against two runners of one job.
      .onConflict((oc) => oc.columns(['county_code', 'import_id', 'row_number']).doNothing())
      .execute();
  }
}

/** One page of a job's rejected rows, in row order (the primary key's order). */
export function errorsAfter(db: Db, job: ImportRow, afterRow: number, limit: number) {
  return db
    .selectFrom('import_errors')
    .select(['row_number', 'problems', 'raw'])
    .where('county_code', '=', job.county_code)
    .where('import_id', '=', job.id)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

/** Jobs marked running whose heartbeat stopped: their process died. Marks them interrupted. */
export function interruptStale(db: Db, staleMs: number, exclude: string[] = []): Promise<ImportRow[]> {
  let q = db
    .updateTable('imports')
    .set({ status: 'interrupted', error: '导入进程意外中止（服务器重启或进程被终止）' })
    .where('status', '=', 'running')
    .where((eb) =>
      eb.or([
        eb('heartbeat_at', 'is', null),
        eb('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${staleMs / 1000})`),
      ]),
    );
  if (exclude.length > 0) q = q.where('id', 'not in', exclude);
  return q.returningAll().execute();
}

export function interruptedJobs(db: Db): Promise<ImportRow[]> {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('status', '=', 'interrupted')
    .orderBy('created_at')
    .execute();
}

/** Uploads never started within `days`: their files are removed and the jobs cancelled. */
export function abandonedUploads(db: Db, days: number): Promise<ImportRow[]> {
  return db
    .updateTable('imports')
    .set({ status: 'cancelled', error: '上传后未开始导入，已过期', finished_at: sql<Date>`now()` })
    .where('status', '=', 'uploaded')
    .where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .returningAll()
    .execute();
}

/**
 * Fresh statistics for the tables an import fills. Without them (a new database, before autovacuum
 * comes round) the planner guesses that a batch's 1,000 ID hashes match most of `people` and scans
 * it whole for every batch: a million-row import turns quadratic. ANALYZE samples, so it is cheap.
 */
export async function analyzeTables(db: Db): Promise<void> {
  await sql`analyze people, households, special_populations`.execute(db);
}

/** What the importer needs of people already registered: where they are, and what a row may keep. */
export function existingPeople(db: Db, hashes: Uint8Array[]) {
  if (hashes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('people')
    .select([
      'id_hash',
      'jpath',
      'county_code',
      'village_code',
      'grid_code',
      'building_code',
      'unit',
      'room',
      'household_id',
      'residence_type',
      'registered_address',
      'work_unit',
      'emergency_name',
      'notes',
      'relation',
      'phone_hash',
      'phone_cipher',
      'phone_masked',
      'phone2_hash',
      'phone2_cipher',
      'phone2_masked',
      'emergency_phone_cipher',
      'emergency_phone_masked',
    ])
    .where(
      'id_hash',
      'in',
      hashes.map((h) => Buffer.from(h)),
    )
    .execute();
}
export type ExistingPerson = Awaited<ReturnType<typeof existingPeople>>[number];
