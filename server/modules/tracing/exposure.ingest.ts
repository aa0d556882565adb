/**
 * Big-data exposure files (大数据): venue-code scans (person, venue code, time) and location pings
 * (person, H3 cell or a position, time) as CSV, loaded into `venue_scans` / `location_pings`.
 *
 * How a file goes in (a day of a city is ~20 M rows, so nothing holds the file as objects):
 *  1. The body streams through a line reader (UTF-8, or GB18030 when the content type says so or
 *     the first bytes are not UTF-8) and a SHA-256. Each row is checked in JS: the person's ID number
 *     (or phone) is validated and HMAC-hashed once per distinct value, the time parsed (naive times
 *     are China time), the cell validated or computed from lat/lng at the edition's resolution.
 *     Rows are written to session temp tables as compact keys (row number, person key, place, epoch
 *     ms) — by COPY when the caller holds the database handle (bench, command line), else by one
 *     INSERT of column arrays per chunk. The import row shows the progress as chunks land.
 *  2. At the end one transaction resolves the distinct people (people.id_hash / phone_hash, city-wide:
 *     big data is the province's push for everyone) and venue codes, notes unknown ones by row, and
 *     moves every good row with ONE set-based INSERT … SELECT (plain, and again with ON CONFLICT DO
 *     NOTHING only if the plain one met an event already loaded: insertEvents). A crash or an error
 *     before that commit leaves the event tables untouched (temp tables die with the session); the
 *     import row then says `failed`. If the process died, the session's advisory lock died with it
 *     and the list marks the import failed ("interrupted", listImports).
 *
 * Decisions (the bad-input rules):
 *  - Unknown people / venues, bad times, cells and positions, duplicates — within the file (same
 *    person, place and time as an earlier row) and against what is already loaded — are skipped and
 *    reported by line; the first 200 problems are kept on the import, the counts are exact.
 *  - Times out of order: a row earlier than the previous row of the same person is LOADED and
 *    reported as a warning (`warning: true`, code out_of_order). Carriers merge feeds from several
 *    base stations and a late-arriving record is still a true presence; dropping it could hide a
 *    contact, refusing the file would delay all the others. The warning tells the data team.
 *  - A re-sent identical file (same SHA-256 and kind) loads nothing and answers the earlier import
 *    with `duplicateFile: true`. The digest is known only at the end of the stream, so a re-sent
 *    file costs a read, never a write.
 *  - The county of an event is its person's county (the distribution column of the event tables).
 *  - On the embedded database the import holds the one connection while it reads the body; other
 *    requests wait (a town's day is seconds; PGlite is not meant for a city's 20 M rows).
 *  - A file overlapping what is already loaded costs about three times a fresh one: the plain
 *    insert is undone, ON CONFLICT runs, and the repeated rows are looked up (by line, for the
 *    report) until 200 are found — up to one index probe per row when they are few.
 *
 * Reading and checking rows: exposure.csv.ts; the statements: exposure.sql.ts.
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  sql,
} from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { Permission } from '../../../domain/access.js';
import { DEFAULT_EDITION_ID, editionById } from '../../../domain/protocol.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { detectDelimiter } from '../population/import/import.csv.js';
import {
  type Code,
  type Column,
  ExposureFileError,
  type ExposureKind,
  type ExposureProblem,
  type Lines,
  MAX_PROBLEMS,
  ProblemLog,
  RowChecker,
  type Staging,
  lineReader,
  mapHeader,
  problem,
  splitLine,
} from './exposure.csv.js';
import * as q from './exposure.sql.js';

export type { ExposureKind, ExposureProblem } from './exposure.csv.js';

export interface ExposureImportOut {
  id: string;
  kind: ExposureKind;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  totalRows: number;
  loadedRows: number;
  skippedRows: number;
  problems: ExposureProblem[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  duplicateFile?: boolean;
}

export interface IngestOptions {
  fileName?: string;
  /** From the content type; absent: UTF-8 unless the first bytes are not, then GB18030. */
  charset?: string;
  /** The database handle, for COPY; without it each chunk is one INSERT of column arrays. */
  handle?: DatabaseHandle;
  /** Rows staged at once (default 100,000). */
  chunkRows?: number;
}

const DEFAULT_CHUNK = 100_000;
const UNIQUE_VIOLATION = '23505';

// ---- A session of its own -------------------------------------------------------------------------

interface Session {
  /** Kysely on the session's one connection (temp tables live there). */
  db: Kysely<Database>;
  /** Appends COPY text to a table; null when the session cannot COPY (a request's Kysely pool). */
  copy: ((table: string, columns: readonly string[], data: string) => Promise<void>) | null;
}

async function exec<R = Record<string, unknown>>(
  db: Kysely<Database>,
  text: string,
  params: unknown[] = [],
): Promise<{ rows: R[]; count: number }> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, params));
  return { rows: result.rows, count: Number(result.numAffectedRows ?? 0) };
}

/** Kysely over one pg client, so the session's temp tables and COPY share the connection. */
function kyselyOnClient(client: PostgresPoolClient): Kysely<Database> {
  const wrapper: PostgresPoolClient = {
    query: client.query.bind(client),
    release: () => undefined,
  };
  const pool: PostgresPool = { connect: () => Promise.resolve(wrapper), end: () => Promise.resolve() };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function inSession<T>(
  ctx: RequestContext,
  handle: DatabaseHandle | undefined,
  work: (s: Session) => Promise<T>,
): Promise<T> {
  if (handle?.kind === 'postgres' && handle.pool) {
    const client = await handle.pool.connect();
    let failed: Error | undefined;
    try {
      return await work({
        db: kyselyOnClient(client),
        copy: async (table, columns, data) => {
          const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
          await pipeline(
            (async function* () {
              yield Buffer.from(data);
            })(),
            stream,
          );
        },
      });
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      // A connection that failed mid-COPY may be in any state: destroy it rather than pool it.
      client.release(failed);
    }
  }
  if (handle?.kind === 'pglite' && handle.pglite) {
    const pglite = handle.pglite;
    return handle.db.connection().execute((db) =>
      work({
        db,
        copy: async (table, columns, data) => {
          await pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
            blob: new Blob([data]),
          });
        },
      }),
    );
  }
  return ctx.db.connection().execute((db) => work({ db, copy: null }));
}

/**
 * The move. A plain INSERT first: ON CONFLICT's speculative insertion (an arbiter probe before every
 * row) cost 1.3–1.7× a plain insert of a day's pings; a plain insert still checks uniqueness as it
 * writes each index entry. Only when that meets an event already there (a file overlapping an
 * earlier one) is it undone to its savepoint and run again with ON CONFLICT DO NOTHING.
 */
async function insertEvents(db: Kysely<Database>, kind: ExposureKind): Promise<number> {
  const statement = kind === 'venue' ? q.INSERT_SCANS : q.INSERT_PINGS;
  await exec(db, 'savepoint plain_insert');
  try {
    const count = (await exec(db, statement)).count;
    await exec(db, 'release savepoint plain_insert');
    return count;
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await exec(db, 'rollback to savepoint plain_insert');
    // Released, so that the rows written next carry the transaction's own xid (q.alreadyLoaded).
    await exec(db, 'release savepoint plain_insert');
    return (await exec(db, `${statement}\n  on conflict do nothing`)).count;
  }
}

// ---- The import ------------------------------------------------------------------------------------

type ImportRow = {
  id: string;
  kind: ExposureKind;
  file_name: string;
  status: 'running' | 'done' | 'failed';
  total_rows: number;
  loaded_rows: number;
  skipped_rows: number;
  problems: unknown;
  error: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function presentImport(row: ImportRow, duplicateFile?: boolean): ExposureImportOut {
  const problems = (typeof row.problems === 'string' ? JSON.parse(row.problems) : row.problems) as
    ExposureProblem[] | null;
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.file_name,
    status: row.status,
    totalRows: row.total_rows,
    loadedRows: row.loaded_rows,
    skippedRows: row.skipped_rows,
    problems: problems ?? [],
    error: row.error,
    createdAt: iso(row.created_at)!,
    finishedAt: iso(row.finished_at),
    ...(duplicateFile ? { duplicateFile: true } : {}),
  };
}

const IMPORT_COLUMNS = [
  'id',
  'kind',
  'file_name',
  'status',
  'total_rows',
  'loaded_rows',
  'skipped_rows',
  'problems',
  'error',
  'created_at',
  'finished_at',
] as const;

class DuplicateFile extends Error {}

async function stage(s: Session, staging: Staging): Promise<void> {
  const { rows, people, venues } = staging;
  if (s.copy) {
    if (people.length) await s.copy('exp_people', q.PEOPLE_COLUMNS, people.join(''));
    if (venues.length) await s.copy('exp_venues', q.VENUE_COLUMNS, venues.join(''));
    if (rows.length) await s.copy('exp_rows', q.ROW_COLUMNS, rows.join(''));
    return;
  }
  // Without COPY the same text is split into column arrays: one statement per table and chunk.
  const columns = (lines: string[], width: number) => {
    const out: string[][] = Array.from({ length: width }, () => new Array<string>(lines.length));
    lines.forEach((line, i) => {
      const cells = line.slice(0, -1).split('\t');
      for (let c = 0; c < width; c++) out[c]![i] = cells[c]!;
    });
    return out;
  };
  if (people.length) {
    const [k, b, h] = columns(people, 3);
    await exec(s.db, q.STAGE_PEOPLE, [k, b!.map((x) => x === 't'), h!.map((x) => x.slice(3))]);
  }
  if (venues.length) await exec(s.db, q.STAGE_VENUES, columns(venues, 2));
  if (rows.length) {
    const [n, p, place, at, late] = columns(rows, 5);
    await exec(s.db, q.STAGE_ROWS, [n, p, place, at, late!.map((x) => x === 't')]);
  }
}

/**
 * Loads one exposure file. TracingIngest. Returns the import as stored (or the earlier import of
 * the same file, `duplicateFile: true`). Throws VALIDATION_FAILED when the header row is not one
 * of an exposure file (nothing is recorded then).
 */
export async function ingestExposures(
  ctx: RequestContext,
  kind: ExposureKind,
  body: AsyncIterable<Buffer> | Readable,
  options: IngestOptions = {},
): Promise<ExposureImportOut> {
  requirePermission(ctx.actor, Permission.TracingIngest);
  const resolution = editionById(DEFAULT_EDITION_ID).tracing.companion.cellResolution;
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK;
  const reader = lineReader(body as AsyncIterable<Buffer>, options.charset);
  const batches = reader.batches;

  // The header first: a file that is not an exposure file leaves no trace.
  let header: string[] | null = null;
  let sep = ',';
  let pending: Lines = { first: 1, texts: [] };
  while (!header) {
    const next = await batches.next();
    if (next.done) throw Errors.validation([{ field: 'body', message: 'the file has no header row' }]);
    const { first, texts } = next.value;
    const i = texts.findIndex((l) => l.trim() !== '');
    if (i < 0) continue;
    sep = detectDelimiter(texts[i]!);
    header = splitLine(texts[i]!, sep)?.map((c) => c.trim()) ?? [];
    pending = { first: first + i + 1, texts: texts.slice(i + 1) };
  }
  let columns: Partial<Record<Column, number>>;
  try {
    columns = mapHeader(header, kind);
  } catch (error) {
    await batches.return(undefined);
    if (error instanceof ExposureFileError)
      throw Errors.validation([{ field: 'body', message: error.message }]);
    throw error;
  }

  const { actor } = ctx;
  // The import's row is written by the session that runs it, once that session holds the import's
  // lock: a row without a live lock is an import whose process died (listImports).
  const importId = crypto.randomUUID();

  const log = new ProblemLog();
  let total = 0;
  try {
    const result = await inSession(ctx, options.handle, async (s) => {
      // Held by this session while the import runs: the list tells a live import from one whose
      // process died (the lock dies with its connection) — listImports.
      await exec(s.db, `select pg_advisory_lock(${IMPORT_LOCK_KEY})`, [importId]);
      try {
        await s.db
          .insertInto('exposure_imports')
          .values({
            id: importId,
            county_code: actor.countyCode,
            jpath: actor.jpath,
            kind,
            file_name: (options.fileName ?? 'upload.csv').slice(0, 200),
            // The digest is known at the end of the stream; until then a placeholder no file can have.
            sha256: `pending:${crypto.randomUUID()}`,
            created_by: actor.userId,
          })
          .execute();
        for (const statement of q.CREATE_TEMP) await exec(s.db, statement);
        const checker = new RowChecker(ctx, kind, columns, resolution, log, Date.now());
        let staging: Staging = { rows: [], people: [], venues: [] };
        let inFlight: Promise<void> = Promise.resolve();
        const flush = async () => {
          const batch = staging;
          staging = { rows: [], people: [], venues: [] };
          // The database loads this chunk while the next one is read and checked.
          await inFlight;
          const progress = { total, skipped: log.skipped, problems: JSON.stringify(log.list) };
          inFlight = stage(s, batch).then(async () => {
            await exec(
              s.db,
              `update exposure_imports set total_rows = $2, skipped_rows = $3, problems = $4::jsonb where id = $1`,
              [importId, progress.total, progress.skipped, progress.problems],
            );
          });
          // An unobserved rejection would crash the process; it is awaited (and thrown) below.
          inFlight.catch(() => undefined);
        };
        const handle = ({ first, texts }: Lines) => {
          for (let i = 0; i < texts.length; i++) {
            const text = texts[i]!;
            if (text === '' || text.trim() === '') continue;
            total++;
            const cells = splitLine(text, sep);
            if (!cells) {
              log.add(problem(first + i, 'bad_row', 'unclosed quote'));
              continue;
            }
            checker.check(first + i, cells, staging);
          }
        };
        handle(pending);
        pending = { first: 1, texts: [] };
        for await (const lines of batches) {
          handle(lines);
          if (staging.rows.length >= chunkRows) await flush();
        }
        await flush();
        await inFlight;

        const sha = reader.digest()!;
        const earlier = await s.db
          .selectFrom('exposure_imports')
          .select(IMPORT_COLUMNS)
          .where('kind', '=', kind)
          .where('sha256', '=', sha)
          .where('status', '=', 'done')
          .executeTakeFirst();
        if (earlier) return { earlier };
        return { moved: await move(ctx, s, kind, importId, sha, total, checker, log) };
      } finally {
        await exec(s.db, q.DROP_TEMP).catch(() => undefined);
        await exec(s.db, `select pg_advisory_unlock(${IMPORT_LOCK_KEY})`, [importId]).catch(() => undefined);
      }
    });
    if ('earlier' in result && result.earlier) {
      await ctx.db.deleteFrom('exposure_imports').where('id', '=', importId).execute();
      return presentImport(result.earlier, true);
    }
    return presentImport(result.moved);
  } catch (error) {
    if (error instanceof DuplicateFile) {
      // The same file finished meanwhile in another upload: answer that one.
      await ctx.db.deleteFrom('exposure_imports').where('id', '=', importId).execute();
      const earlier = await ctx.db
        .selectFrom('exposure_imports')
        .select(IMPORT_COLUMNS)
        .where('kind', '=', kind)
        .where('sha256', '=', error.message)
        .executeTakeFirstOrThrow();
      return presentImport(earlier, true);
    }
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db
      .updateTable('exposure_imports')
      .set({
        status: 'failed',
        error: message.slice(0, 500),
        total_rows: total,
        skipped_rows: log.skipped,
        problems: JSON.stringify(log.list),
        finished_at: new Date(),
      })
      .where('id', '=', importId)
      .execute()
      .catch(() => undefined);
    throw error;
  }
}

/** The one transaction: resolve people and venues, report the unresolved, move the rest. */
async function move(
  ctx: RequestContext,
  s: Session,
  kind: ExposureKind,
  importId: string,
  sha: string,
  total: number,
  checker: RowChecker,
  log: ProblemLog,
): Promise<ImportRow> {
  const db = s.db;
  await exec(db, 'begin');
  try {
    for (const setting of q.SETTINGS) await exec(db, setting);
    // The people's statistics decide hash join or index probes against `people`; exp_rows needs
    // none (its size, from its pages, makes it the probe side of every join).
    await exec(db, 'analyze exp_people');
    await exec(db, q.RESOLVE_PEOPLE);
    if (kind === 'venue') {
      await exec(db, 'analyze exp_venues');
      await exec(db, q.RESOLVE_VENUES);
    }
    const missing = (
      await exec<{ n: number }>(
        db,
        kind === 'venue'
          ? `select ((select count(*) from exp_who where n <> 1) + (select count(*) from exp_place where id is null))::int as n`
          : `select count(*)::int as n from exp_who where n <> 1`,
      )
    ).rows[0]!.n;
    let unresolved = 0;
    if (missing > 0) {
      await exec(db, q.unresolvedRows(kind));
      unresolved = (await exec<{ n: number }>(db, `select count(*)::int as n from exp_bad`)).rows[0]!.n;
      const first = await exec<{ n: number; code: Code; by_phone: boolean }>(
        db,
        `select n, code, by_phone from exp_bad order by n limit $1`,
        [MAX_PROBLEMS],
      );
      log.merge(
        first.rows.map((r) =>
          problem(
            r.n,
            r.code,
            '',
            r.code === 'unknown_venue' ? 'venue_code' : r.by_phone ? 'phone' : 'id_number',
          ),
        ),
      );
      log.skipped += unresolved;
    }
    const inserted = await insertEvents(db, kind);
    const duplicates = checker.staged - unresolved - inserted;
    if (duplicates > 0) {
      log.skipped += duplicates;
      const found: ExposureProblem[] = [];
      if (checker.outOfOrder > 0) {
        const late = await exec<{ n: number; first: number }>(db, q.LATE_DUPLICATES, [MAX_PROBLEMS]);
        found.push(...late.rows.map((r) => problem(r.n, 'duplicate', String(r.first))));
      }
      if (found.length < duplicates) {
        await exec(db, 'create index on exp_rows (n)');
        await exec(db, 'create index on exp_who (pkey)');
        if (kind === 'venue') await exec(db, 'create index on exp_place (vkey)');
        await exec(db, 'set local enable_seqscan = off');
        await exec(db, 'set local enable_sort = off');
        const loaded = await exec<{ n: number }>(db, q.alreadyLoaded(kind), [MAX_PROBLEMS]);
        const seen = new Set(found.map((p) => p.row));
        found.push(...loaded.rows.filter((r) => !seen.has(r.n)).map((r) => problem(r.n, 'already_loaded')));
      }
      log.merge(found);
    }
    let row: ImportRow;
    try {
      row = (
        await exec<ImportRow>(
          db,
          `update exposure_imports
            set status = 'done', sha256 = $2, total_rows = $3, loaded_rows = $4, skipped_rows = $5,
                problems = $6::jsonb, finished_at = now()
          where id = $1
          returning ${IMPORT_COLUMNS.join(', ')}`,
          [importId, sha, total, inserted, total - inserted, JSON.stringify(log.list)],
        )
      ).rows[0]!;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new DuplicateFile(sha);
      throw error;
    }
    await recordAudit(
      ctx,
      {
        action: 'tracing.exposures_imported',
        resourceType: 'exposure_import',
        resourceId: importId,
        jpath: ctx.actor.jpath,
        detail: { kind, rows: total, loaded: inserted, skipped: total - inserted, warnings: log.warnings },
      },
      db,
    );
    await exec(db, 'commit');
    return row;
  } catch (error) {
    await exec(db, 'rollback').catch(() => undefined);
    throw error;
  }
}

// ---- Listing -----------------------------------------------------------------------------------------

/** The advisory lock of an import (its id as $1), held by the session that runs it. */
const IMPORT_LOCK_KEY = `hashtextextended('cordon.exposure_import:' || $1::text, 0)`;

/** How long a new import may go without its lock (the row is written a moment before the lock is taken). */
const LOCK_GRACE = '1 minute';

/**
 * Imports still `running` whose lock nobody holds: their process died (a crash, a restart, a lost
 * connection) before the one transaction that moves the rows, so nothing of them was loaded. They
 * are marked failed with that said, rather than shown running for ever.
 */
async function failAbandoned(ctx: RequestContext): Promise<void> {
  await sql`
    update exposure_imports i
       set status = 'failed', finished_at = now(),
           error = 'Interrupted: the server stopped before the import finished; nothing of it was loaded. Send the file again.'
     where i.status = 'running'
       and i.created_at < now() - ${LOCK_GRACE}::interval
       and not exists (
             select 1 from pg_locks l
              where l.locktype = 'advisory' and l.granted and l.objsubid = 1
                and ((l.classid::bigint << 32) | l.objid::bigint)
                    = hashtextextended('cordon.exposure_import:' || i.id::text, 0))
       and ${inScope(scopeOf(ctx.actor), 'i')}`.execute(ctx.db);
}

export async function listImports(
  ctx: RequestContext,
  query: { kind?: ExposureKind; page?: number; pageSize?: number },
): Promise<{ items: ExposureImportOut[]; total: number }> {
  requirePermission(ctx.actor, Permission.TracingRead);
  await failAbandoned(ctx);
  const pageSize = query.pageSize ?? 50;
  let qb = ctx.db.selectFrom('exposure_imports').where(inScope(scopeOf(ctx.actor), 'exposure_imports'));
  if (query.kind) qb = qb.where('kind', '=', query.kind);
  const [rows, count] = await Promise.all([
    qb
      .select(IMPORT_COLUMNS)
      .orderBy('created_at', 'desc')
      .limit(pageSize)
      .offset(((query.page ?? 1) - 1) * pageSize)
      .execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => presentImport(r as ImportRow)), total: Number(count.n) };
}
