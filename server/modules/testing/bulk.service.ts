/**
 * Bulk scan uploads from sampling devices: the rules of the interactive scan (sampling.service.ts)
 * applied set-based to many scans at once. Rows are checked in JS (codes, times, sites), then each
 * chunk runs in one transaction — staged into a temp table (COPY when the caller holds the database
 * handle, else one INSERT of column arrays), then the statements of bulk.sql.ts. Good rows are
 * never lost because of bad ones: a bad row is a problem in the answer, not an error; each chunk
 * commits on its own.
 *
 * Duplicates (documented decision): a person already sampled in the round, or earlier in the same
 * batch, is not counted. Their scan is flagged in sample_flags (duplicate_same_tube or second_tube)
 * once per (round, person, barcode), so a re-sent batch adds no second flag; an exact replay (same
 * person, tube and sampledAt) is not flagged at all. A re-sent batch therefore changes nothing.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import iconv from 'iconv-lite';
import { Permission } from '../../../domain/access.js';
import { parseIdNumber } from '../../../domain/idcard.js';
import { POOL_GROUPS, POOL_GROUP_LABELS, type PoolGroup } from '../../../domain/protocol.js';
import { parseSamplingCode, parseTubeBarcode } from '../../../domain/testing.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { isInScope, scopeOf } from '../../platform/scope.js';
import { inBulkTransaction } from '../population/generate/copy.js';
import { parseCsv } from '../population/import/import.csv.js';
import * as q from './bulk.sql.js';
import {
  type LoadedRound,
  assertRoundActive,
  assertRoundVisible,
  loadRound,
  zoneAt,
} from './rounds.service.js';

export interface ScanRow {
  barcode: string;
  /** A sampling code (采样码, CD…) or an ID number. */
  person: string;
  /** ISO 8601; without an offset it is China time (+08:00), as devices in the field record it. */
  sampledAt: string;
  /** Null or absent: sampled at home (door to door). */
  siteId?: string | null;
  group?: string | null;
  /** The row number the uploader sees (a CSV line); defaults to the position in the upload. */
  row?: number;
}

export type ProblemCode =
  | 'bad_barcode'
  | 'bad_person'
  | 'bad_time'
  | 'bad_group'
  | 'unknown_site'
  | 'site_out_of_scope'
  | 'site_inactive'
  | 'unknown_person'
  | 'outside_round'
  | 'tube_other_round'
  | 'tube_recheck'
  | 'tube_not_open'
  | 'tube_other_household'
  | 'tube_full'
  | 'duplicate_same_tube'
  | 'second_tube';

export interface ScanProblem {
  row: number;
  code: ProblemCode;
  message: string;
}

export interface IngestSummary {
  rows: number;
  accepted: number;
  /** Not counted because the person was already sampled in the round (flagged, or exact replays). */
  duplicates: number;
  rejected: number;
  tubesOpened: number;
  tubesClosed: number;
  /** The first MAX_PROBLEMS problems in row order (duplicates included, exact replays not). */
  problems: ScanProblem[];
}

export interface IngestOptions {
  chunkSize?: number;
  onProgress?: (summary: Readonly<IngestSummary>) => void;
  /** The database handle, for COPY (bench, command line); without it staging is one INSERT per chunk. */
  handle?: DatabaseHandle;
  /** Chunks recorded at once (default: 2 with a PostgreSQL handle, else 1). */
  parallel?: number;
}

export const MAX_PROBLEMS = 1000;
export const SAMPLES_RECORDED = 'testing.samples_recorded';
const DEFAULT_CHUNK = 20_000;
/** Accepted scans in one upload after which the tables' statistics are refreshed. */
const ANALYZE_AFTER = 50_000;
/** A device clock a little ahead of the server's is tolerated; a scan further in the future is not. */
const CLOCK_SKEW_MS = 10 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAIVE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

const MESSAGES: Record<ProblemCode, (barcode: string) => string> = {
  bad_barcode: () => 'not a tube barcode (6–32 of A–Z, 0–9 and -)',
  bad_person: () => 'neither a sampling code nor a valid ID number',
  bad_time: () => 'sampledAt is not a date-time, or lies in the future',
  bad_group: () => `group must be one of ${POOL_GROUPS.join(', ')}`,
  unknown_site: () => 'no such sampling site',
  site_out_of_scope: () => 'the sampling site is outside your jurisdiction',
  site_inactive: () => 'the sampling site is not active',
  unknown_person: () => 'no such person in the population ledger of your jurisdiction',
  outside_round: () => 'the person lives outside the areas this round covers',
  tube_other_round: (b) => `tube ${b} belongs to another round`,
  tube_recheck: (b) => `tube ${b} is a recheck tube`,
  tube_not_open: (b) => `tube ${b} is no longer open`,
  tube_other_household: (b) => `tube ${b} is one household's tube; this person lives elsewhere`,
  tube_full: (b) => `tube ${b} already holds its samples`,
  duplicate_same_tube: (b) => `this person is already in tube ${b}; flagged, not counted`,
  second_tube: (b) => `this person was already sampled in this round; tube ${b} flagged, not counted`,
};

interface Site {
  countyCode: string;
  jpath: string;
  active: boolean;
  zone: PoolGroup | null;
}

/** A row ready for the staging table, in STAGE_COLUMNS order. */
type Staged = [number, string, string | null, string | null, string, string | null, ...(string | null)[]];

function problem(row: number, code: ProblemCode, barcode = ''): ScanProblem {
  return { row, code, message: MESSAGES[code](barcode) };
}

function parseTime(text: string, now: number): string | null {
  const trimmed = text.trim();
  const ms = Date.parse(NAIVE_TIME.test(trimmed) ? `${trimmed.replace(' ', 'T')}+08:00` : trimmed);
  return Number.isFinite(ms) && ms <= now + CLOCK_SKEW_MS ? new Date(ms).toISOString() : null;
}

function parseGroup(text: string | null | undefined): PoolGroup | null | undefined {
  const t = (text ?? '').trim();
  if (t === '') return null;
  return POOL_GROUPS.find((g) => g === t || POOL_GROUP_LABELS[g].zh === t);
}

async function loadSites(
  ctx: RequestContext,
  round: LoadedRound,
  cache: Map<string, Site | null>,
  ids: string[],
) {
  const missing = [...new Set(ids)].filter((id) => !cache.has(id));
  if (missing.length === 0) return;
  const rows = await ctx.db
    .selectFrom('sampling_sites')
    .select(['id', 'county_code', 'jpath', 'active'])
    .where('id', 'in', missing)
    .execute();
  for (const id of missing) cache.set(id, null);
  for (const r of rows) {
    cache.set(r.id, {
      countyCode: r.county_code,
      jpath: r.jpath,
      active: r.active,
      zone: zoneAt(round.areas, r.jpath),
    });
  }
}

/** Checks what needs no database; the rest of the chunk goes to the staging table. */
async function prepare(
  ctx: RequestContext,
  round: LoadedRound,
  sites: Map<string, Site | null>,
  rows: ScanRow[],
  first: number,
): Promise<{ staged: Staged[]; problems: ScanProblem[] }> {
  await loadSites(
    ctx,
    round,
    sites,
    rows.map((r) => (r.siteId ?? '').trim().toLowerCase()).filter((id) => UUID.test(id)),
  );
  const scope = scopeOf(ctx.actor);
  const now = Date.now();
  const staged: Staged[] = [];
  const problems: ScanProblem[] = [];
  rows.forEach((r, i) => {
    const n = r.row ?? first + i;
    const barcode = parseTubeBarcode(String(r.barcode ?? ''));
    if (!barcode.ok) return problems.push(problem(n, 'bad_barcode'));
    const text = String(r.person ?? '');
    let personId: string | null = null;
    let idHex: string | null = null;
    const code = parseSamplingCode(text);
    if (code.ok) personId = code.personId;
    else {
      const id = parseIdNumber(text);
      if (!id.ok) return problems.push(problem(n, 'bad_person', barcode.value));
      idHex = ctx.pii.hash(id.value).toString('hex');
    }
    const at = parseTime(String(r.sampledAt ?? ''), now);
    if (!at) return problems.push(problem(n, 'bad_time', barcode.value));
    const group = parseGroup(r.group);
    if (group === undefined) return problems.push(problem(n, 'bad_group', barcode.value));
    const siteId = (r.siteId ?? '').trim().toLowerCase() || null;
    let site: Site | null = null;
    if (siteId) {
      site = UUID.test(siteId) ? (sites.get(siteId) ?? null) : null;
      if (!site) return problems.push(problem(n, 'unknown_site', barcode.value));
      if (!isInScope(scope, site.jpath)) return problems.push(problem(n, 'site_out_of_scope', barcode.value));
      if (!site.active) return problems.push(problem(n, 'site_inactive', barcode.value));
    }
    staged.push([
      n,
      barcode.value,
      personId,
      idHex,
      at,
      siteId,
      site?.countyCode ?? null,
      site?.jpath ?? null,
      site?.zone ?? null,
      group,
    ]);
    return undefined;
  });
  return { staged, problems };
}

interface ScanSession {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  stage(rows: Staged[]): Promise<void>;
}

function copyText(rows: Staged[]): Buffer {
  // Every value is already checked to hold no tab, newline or backslash (barcodes, uuids, hex, ISO).
  return Buffer.from(
    rows.map((r) => r.map((v) => (v === null ? '\\N' : String(v))).join('\t')).join('\n') + '\n',
  );
}

function kyselySession(db: Kysely<Database>): ScanSession {
  const query = async <R>(text: string, params: unknown[] = []) =>
    (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
  return {
    query,
    stage: async (rows) => {
      await query(
        q.STAGE_BY_ARRAYS,
        q.STAGE_COLUMNS.map((_, c) => rows.map((r) => r[c] ?? null)),
      );
    },
  };
}

async function inSession<T>(
  ctx: RequestContext,
  handle: DatabaseHandle | undefined,
  work: (s: ScanSession) => Promise<T>,
) {
  if (handle) {
    return inBulkTransaction(handle, (s) =>
      work({
        query: (text, params) => s.query(text, params),
        stage: (rows) => s.copyIn('scan_stage', q.STAGE_COLUMNS, copyText(rows)),
      }),
    );
  }
  return ctx.db.transaction().execute((tx) => work(kyselySession(tx)));
}

interface ChunkResult {
  counts: Map<string, number>;
  tubesOpened: number;
  tubesClosed: number;
  problems: Array<{ n: number; code: ProblemCode; barcode: string }>;
}

/** A concurrent writer took a barcode or a person of this chunk meanwhile: run the chunk again. */
class ChunkRace extends Error {}
const UNIQUE_VIOLATION = '23505';
const DEADLOCK = '40P01';
const MAX_ATTEMPTS = 5;

async function runChunk(
  ctx: RequestContext,
  round: LoadedRound,
  s: ScanSession,
  staged: Staged[],
  problemRoom: number,
): Promise<ChunkResult> {
  const { actor } = ctx;
  for (const setting of q.SETTINGS) await s.query(setting);
  await s.query(q.CREATE_STAGE);
  await s.stage(staged);
  await s.query(q.RESOLVE, [round.id, actor.jpath]);
  await s.query(q.TUBE_STATE, [round.id]);
  const planned = (await s.query(q.PLAN_TUBES, [round.id, JSON.stringify(round.rules.pooling)])).length;
  await s.query(q.VERDICTS, [round.id]);
  const counts = new Map(
    (await s.query<{ code: string | null; n: number }>(q.COUNTS)).map((r) => [r.code ?? 'accepted', r.n]),
  );
  const accepted = counts.get('accepted') ?? 0;
  let closed = 0;
  if (accepted > 0) {
    try {
      await s.query(q.INSERT_SAMPLES, [round.id, actor.userId]);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new ChunkRace();
      throw error;
    }
  }
  if (planned > 0) {
    const opened = await s.query<{ status: string }>(q.NEW_TUBES, [round.id, actor.userId]);
    if (opened.length !== planned) throw new ChunkRace();
    closed += opened.filter((t) => t.status === 'closed').length;
  }
  if (accepted > 0) {
    closed += (await s.query<{ status: string }>(q.UPDATE_TUBES)).filter((t) => t.status === 'closed').length;
    await s.query(q.TASKS_SAMPLED, [round.id]);
    await s.query(q.EMIT, [
      SAMPLES_RECORDED,
      JSON.stringify({ roundId: round.id, samples: accepted, tubesOpened: planned, tubesClosed: closed }),
      actor.jpath,
    ]);
  }
  if ((counts.get('duplicate_same_tube') ?? 0) + (counts.get('second_tube') ?? 0) > 0)
    await s.query(q.FLAG_DUPLICATES, [round.id, actor.userId]);
  const problems =
    problemRoom > 0
      ? await s.query<{ n: number; code: ProblemCode; barcode: string }>(q.PROBLEMS, [problemRoom])
      : [];
  return { counts, tubesOpened: planned, tubesClosed: closed, problems };
}

/** One chunk in one transaction, run again (from scratch) when it lost a race. */
async function recordChunk(
  ctx: RequestContext,
  round: LoadedRound,
  handle: DatabaseHandle | undefined,
  staged: Staged[],
  problemRoom: number,
): Promise<ChunkResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inSession(ctx, handle, (s) => runChunk(ctx, round, s, staged, problemRoom));
    } catch (error) {
      // A deadlock between two chunks recorded side by side is a lost race too: run again.
      const lost = error instanceof ChunkRace || (error as { code?: string }).code === DEADLOCK;
      if (!lost || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Chunks of about `size` rows, cut where the barcode changes (up to a tube's worth past the size):
 * a device fills tubes one after the other, so chunks recorded side by side rarely share a tube —
 * and when they do, the later one loses the race and runs again (ChunkRace).
 */
async function* chunked(
  rows: AsyncIterable<ScanRow> | Iterable<ScanRow>,
  size: number,
): AsyncGenerator<ScanRow[]> {
  let chunk: ScanRow[] = [];
  for await (const row of rows) {
    const full = chunk.length >= size;
    if (full && (chunk.length >= size + 64 || chunk.at(-1)!.barcode !== row.barcode)) {
      yield chunk;
      chunk = [];
    }
    chunk.push(row);
  }
  if (chunk.length > 0) yield chunk;
}

const DUPLICATE_CODES = new Set(['replay', 'duplicate_same_tube', 'second_tube']);

/**
 * Records a device's scans for a round. TestingSample; the round active and visible; sites and
 * people in the actor's scope (rows outside it are refused, not errors). Chunks commit one by one:
 * a failure mid-upload (a broken CSV, a lost connection) keeps the chunks before it.
 */
export async function ingestScans(
  ctx: RequestContext,
  roundId: string,
  rows: AsyncIterable<ScanRow> | ScanRow[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  requirePermission(ctx.actor, Permission.TestingSample);
  const round = await loadRound(ctx.db, roundId);
  assertRoundVisible(ctx, round);
  assertRoundActive(round);
  const size = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
  const sites = new Map<string, Site | null>();
  const out: IngestSummary = {
    rows: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    tubesOpened: 0,
    tubesClosed: 0,
    problems: [],
  };
  // Fresh statistics each time this upload has doubled what it added: the first upload of a round
  // takes samples and tubes from (near) empty to millions of rows, and planning the next chunk —
  // or a village's coverage — on the statistics of an empty table reads whole tables per row
  // (minutes per chunk at full scale). ANALYZE samples a fixed number of rows, so it stays cheap.
  let analyzedAt = 0;
  const refreshStatistics = async () => {
    if (out.accepted < ANALYZE_AFTER || out.accepted < 2 * analyzedAt) return;
    analyzedAt = out.accepted;
    await ctx.db.executeQuery(CompiledQuery.raw('analyze samples, tubes'));
  };
  const record = async (count: number, staged: Staged[], early: ScanProblem[]): Promise<void> => {
    const room = MAX_PROBLEMS - out.problems.length;
    const result =
      staged.length > 0
        ? await recordChunk(ctx, round, options.handle, staged, room)
        : { counts: new Map<string, number>(), tubesOpened: 0, tubesClosed: 0, problems: [] };
    out.rows += count;
    out.rejected += early.length;
    for (const [code, n] of result.counts) {
      if (code === 'accepted') out.accepted += n;
      else if (DUPLICATE_CODES.has(code)) out.duplicates += n;
      else out.rejected += n;
    }
    out.tubesOpened += result.tubesOpened;
    out.tubesClosed += result.tubesClosed;
    await refreshStatistics();
    const merged = [...early, ...result.problems.map((p) => problem(p.n, p.code, p.barcode))];
    merged.sort((a, b) => a.row - b.row);
    out.problems.push(...merged.slice(0, room));
    options.onProgress?.(out);
  };
  // The next chunk is read and checked in JS while the database works on the ones before. With a
  // pool (server PostgreSQL through the handle) two chunks are recorded at once, each in its own
  // session: the database then has a core for each. Tubes are locked in barcode order and a chunk
  // that loses a race for a tube or a person runs again, so side-by-side chunks stay correct.
  const lanes = options.parallel ?? (options.handle?.kind === 'postgres' ? 2 : 1);
  let read = 0;
  const running = new Set<Promise<void>>();
  const failed: { error: Error | null } = { error: null };
  try {
    for await (const chunk of chunked(rows, size)) {
      const { staged, problems: early } = await prepare(ctx, round, sites, chunk, read + 1);
      read += chunk.length;
      while (running.size >= lanes) await Promise.race(running);
      if (failed.error) throw failed.error;
      // Chunks recorded side by side finish in any order.
      out.problems.sort((a, b) => a.row - b.row);
      out.problems.length = Math.min(out.problems.length, MAX_PROBLEMS);
      const task: Promise<void> = record(chunk.length, staged, early).then(
        () => void running.delete(task),
        (error: unknown) => {
          running.delete(task);
          failed.error ??= error instanceof Error ? error : new Error(String(error));
        },
      );
      running.add(task);
    }
  } finally {
    // A reader failing mid-upload still lets the chunks in flight finish (or report their errors).
    await Promise.all(running);
    // The chunks committed new rows: vacuumed once the uploads pause, so coverage counts stay
    // index-only (platform/settle.ts).
    if (out.rows > 0) ctx.settler?.touched(['samples', 'tubes', 'sample_flags']);
  }
  if (failed.error) throw failed.error;
  return out;
}

// ---- CSV uploads -------------------------------------------------------------------------------

const HEADERS: Record<keyof Omit<ScanRow, 'row'>, readonly string[]> = {
  barcode: ['barcode', '试管条码', '条码', '试管编号'],
  person: ['person', '采样码/身份证号', '采样码', '身份证号', '身份证号码', '证件号码'],
  sampledAt: ['sampledat', '采样时间'],
  siteId: ['siteid', '采样点', '采样点编号'],
  group: ['group', '人群', '人群类别'],
};

export class ScanCsvError extends Error {}

/**
 * Scan rows from a CSV body (UTF-8, or GB18030 when the content type says so), one record at a
 * time. Header names in English or Chinese; `row` is the CSV line as a spreadsheet numbers it.
 */
export async function* scanRowsFromCsv(
  body: AsyncIterable<Buffer>,
  charset = 'utf-8',
): AsyncGenerator<ScanRow> {
  const decoder = iconv.getDecoder(iconv.encodingExists(charset) ? charset : 'utf8');
  const text = async function* () {
    for await (const chunk of body) {
      const t = decoder.write(chunk);
      if (t) yield t;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  };
  let columns: Partial<Record<keyof typeof HEADERS, number>> | null = null;
  for await (const record of parseCsv(text())) {
    const cells = record.cells.map((c) => (c.kind === 'text' ? c.text.trim() : ''));
    if (!columns) {
      const found: Partial<Record<keyof typeof HEADERS, number>> = {};
      for (const [key, names] of Object.entries(HEADERS) as Array<
        [keyof typeof HEADERS, readonly string[]]
      >) {
        const at = cells.findIndex((c) => names.includes(c.toLowerCase()));
        if (at >= 0) found[key] = at;
      }
      const lacking = (['barcode', 'person', 'sampledAt'] as const).filter((k) => found[k] === undefined);
      if (lacking.length > 0)
        throw new ScanCsvError(
          `the header row lacks ${lacking.join(', ')} (or 试管条码, 采样码/身份证号, 采样时间)`,
        );
      columns = found;
      continue;
    }
    if (cells.every((c) => c === '')) continue;
    const cell = (key: keyof typeof HEADERS) =>
      columns![key] === undefined ? '' : (cells[columns![key]] ?? '');
    yield {
      row: record.rowNumber,
      barcode: cell('barcode'),
      person: cell('person'),
      sampledAt: cell('sampledAt'),
      siteId: cell('siteId') || null,
      group: cell('group') || null,
    };
  }
}
