/**
 * Recording a lab's results, row by row in meaning and batch by batch in SQL. Each row is judged
 * on its own — a bad row never takes good ones with it — and a stored result is never overwritten:
 * the same result again is "unchanged", a different one flags the tube as a conflict for a person
 * to settle. Batches of a few thousand rows cost a few statements each (a 550,000-tube file is the
 * benchmark), and each batch's recall of positive pools runs in the batch's own transaction.
 */
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import { Permission } from '../../../domain/access.js';
import {
  type TubeResult,
  TUBE_RESULT_LABELS,
  checkResultConsistency,
  parseCt,
  parseTubeBarcode,
  parseTubeResult,
} from '../../../domain/testing.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { emitEvent } from '../../platform/outbox.js';
import { recordAudit } from '../audit/audit.service.js';
import { type Lab, labInScope } from './lab.service.js';
import { type ResultedTube, afterResults } from './recall.service.js';

/** One row as the lab sent it: values still as text (or spreadsheet numbers). */
export interface ResultRow {
  /** Row number as the sender sees it (sheet row, or position in the API list). */
  row: number;
  barcode: string;
  result: string;
  orf1abCt?: string | number | null;
  nCt?: string | number | null;
  testedAt?: string | Date | null;
}

export type IssueCode =
  | 'unchanged'
  | 'conflict'
  | 'unknown_tube'
  | 'not_received'
  | 'other_lab'
  | 'bad_result'
  | 'bad_ct'
  | 'duplicate_in_file';

export interface Issue {
  row: number;
  barcode: string | null;
  code: IssueCode;
  message: string;
}

export interface UploadSummary {
  uploadId: string;
  rows: number;
  recorded: number;
  unchanged: number;
  conflicts: number;
  rejected: number;
  issues: Issue[];
  issuesTruncated: boolean;
}

export const BATCH_ROWS = 2000;
const LANES = 2;
/** Issues listed in the answer; all of them are stored and in the upload's issues.xlsx. */
export const ANSWER_ISSUES = 1000;
export const RESULTS_UPLOADED = 'testing.results_uploaded';

interface Parsed {
  row: number;
  barcode: string;
  result: TubeResult;
  orf1abCt: number | null;
  nCt: number | null;
  testedAt: Date;
}

/** A time without zone is China Standard Time: lab exports write local wall-clock times. */
function parseTestedAt(value: string | Date | null | undefined, now: Date): Date | null | 'bad' {
  if (value === null || value === undefined || value === '') return null;
  let at: Date;
  if (value instanceof Date) at = value;
  else {
    const m =
      /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
        value.trim(),
      );
    if (!m) return 'bad';
    const pad = (s: string | undefined) => (s ?? '0').padStart(2, '0');
    const zone = m[7] ? (m[7] === 'Z' ? 'Z' : m[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : '+08:00';
    at = new Date(`${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}${zone}`);
  }
  // A result from the future or from before the pandemic is a typing error, not a time.
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + 3600_000 || at.getFullYear() < 2020)
    return 'bad';
  return at;
}

function parseRow(r: ResultRow, now: Date): { ok: true; value: Parsed } | { ok: false; issue: Issue } {
  const barcode = parseTubeBarcode(String(r.barcode ?? ''));
  const shown = barcode.ok ? barcode.value : String(r.barcode ?? '').trim() || null;
  const fail = (code: IssueCode, message: string) => ({
    ok: false as const,
    issue: { row: r.row, barcode: shown, code, message },
  });
  if (!barcode.ok)
    return fail('unknown_tube', barcode.problem === 'empty' ? '试管条码为空' : `“${shown}”不是试管条码`);
  const result = parseTubeResult(String(r.result ?? ''));
  if (!result.ok) return fail('bad_result', `检测结果“${String(r.result ?? '')}”应为 阴性 / 阳性 / 无效`);
  const orf = parseCt(r.orf1abCt);
  if (!orf.ok) return fail('bad_ct', `ORF1ab ${orf.message}`);
  const n = parseCt(r.nCt);
  if (!n.ok) return fail('bad_ct', `N ${n.message}`);
  const inconsistent = checkResultConsistency(result.value, orf.value, n.value);
  if (inconsistent) return fail('bad_ct', `结果与 Ct 值不符：${inconsistent}`);
  const at = parseTestedAt(r.testedAt, now);
  if (at === 'bad') return fail('bad_result', `检测时间“${String(r.testedAt)}”不是有效时间`);
  return {
    ok: true,
    value: {
      row: r.row,
      barcode: barcode.value,
      result: result.value,
      orf1abCt: orf.value,
      nCt: n.value,
      testedAt: at ?? now,
    },
  };
}

interface TubeState {
  id: string;
  county_code: string;
  jpath: string;
  round_id: string;
  barcode: string;
  purpose: 'screening' | 'recheck';
  members: number;
  status: string;
  lab_id: string | null;
  result: TubeResult | null;
  orf1ab_ct: string | null;
  n_ct: string | null;
}

const sameCt = (stored: string | null, sent: number | null) =>
  stored === null ? sent === null : sent !== null && Number(stored) === sent;
const label = (r: TubeResult) => TUBE_RESULT_LABELS[r].zh;

class Tally {
  rows = 0;
  recorded = 0;
  unchanged = 0;
  conflicts = 0;
  rejected = 0;
  answer: Issue[] = [];
  truncated = false;

  note(issue: Issue): void {
    if (issue.code === 'unchanged') this.unchanged++;
    else if (issue.code === 'conflict') this.conflicts++;
    else this.rejected++;
    if (this.answer.length < ANSWER_ISSUES) this.answer.push(issue);
    else this.truncated = true;
  }
}

/** One batch in one transaction: look the tubes up, store, flag, note issues, recall. */
async function recordBatch(
  tx: Transaction<Database>,
  lab: Lab,
  uploadId: string,
  parsed: Parsed[],
  early: Issue[],
  tally: Tally,
): Promise<void> {
  const issues = [...early];
  const found = parsed.length
    ? (
        await sql<TubeState>`
          select id, county_code, jpath, round_id, barcode, purpose, members, status, lab_id, result,
                 orf1ab_ct, n_ct
          from tubes where barcode = any(${parsed.map((p) => p.barcode)}::text[])
          for update`.execute(tx)
      ).rows
    : [];
  const byBarcode = new Map<string, TubeState[]>();
  for (const t of found) byBarcode.set(t.barcode, [...(byBarcode.get(t.barcode) ?? []), t]);
  const toStore: Array<{ tube: TubeState; row: Parsed }> = [];
  const conflicted: TubeState[] = [];
  for (const p of parsed) {
    const issue = (code: IssueCode, message: string) =>
      issues.push({ row: p.row, barcode: p.barcode, code, message });
    const all = byBarcode.get(p.barcode) ?? [];
    const mine = all.filter((t) => t.lab_id === lab.id);
    const tube = mine[0];
    if (all.length === 0) issue('unknown_tube', `没有条码为 ${p.barcode} 的试管`);
    else if (!tube && all.some((t) => t.lab_id)) issue('other_lab', `试管 ${p.barcode} 送往了其他实验室`);
    else if (!tube) issue('not_received', `试管 ${p.barcode} 尚未送检（状态：${all[0]!.status}）`);
    else if (mine.length > 1) issue('unknown_tube', `条码 ${p.barcode} 在两个区县都有，无法确定是哪一管`);
    else if (tube.result === null) toStore.push({ tube, row: p });
    else if (tube.result === p.result && sameCt(tube.orf1ab_ct, p.orf1abCt) && sameCt(tube.n_ct, p.nCt))
      issue('unchanged', `与已记录的结果相同（${label(tube.result)}）`);
    else {
      conflicted.push(tube);
      issue(
        'conflict',
        tube.result === p.result
          ? `已记录的 Ct 值（ORF1ab ${tube.orf1ab_ct ?? '—'}，N ${tube.n_ct ?? '—'}）与本次不同：已标记冲突，未覆盖`
          : `已记录为${label(tube.result)}，本次为${label(p.result)}：已标记冲突，未覆盖`,
      );
    }
  }
  // The `t.id = any(…)` repeated beside the join lets the planner fetch the batch's tubes by index
  // instead of hashing the whole table against the list (it cannot see through unnest).
  if (toStore.length > 0) {
    // Tubes shipped here but not scanned in arrive with their result: receiving them is implied.
    await sql`
      update tubes t
      set status = 'resulted', result = v.result, orf1ab_ct = v.orf1ab_ct, n_ct = v.n_ct,
          resulted_at = v.tested_at, result_upload_id = ${uploadId},
          received_at = coalesce(t.received_at, now())
      from unnest(
        ${toStore.map((s) => s.tube.county_code)}::text[], ${toStore.map((s) => s.tube.id)}::uuid[],
        ${toStore.map((s) => s.row.result)}::text[], ${toStore.map((s) => s.row.orf1abCt)}::numeric[],
        ${toStore.map((s) => s.row.nCt)}::numeric[], ${toStore.map((s) => s.row.testedAt.toISOString())}::timestamptz[]
      ) as v(county_code, id, result, orf1ab_ct, n_ct, tested_at)
      where t.county_code = v.county_code and t.id = v.id
        and t.id = any(${toStore.map((s) => s.tube.id)}::uuid[])`.execute(tx);
  }
  if (conflicted.length > 0) {
    await sql`
      update tubes t set result_conflict = true
      from unnest(${conflicted.map((t) => t.county_code)}::text[], ${conflicted.map((t) => t.id)}::uuid[]) as v(county_code, id)
      where t.county_code = v.county_code and t.id = v.id
        and t.id = any(${conflicted.map((t) => t.id)}::uuid[])`.execute(tx);
  }
  if (issues.length > 0) {
    await sql`
      insert into lab_upload_issues (county_code, upload_id, row_number, barcode, code, message)
      select ${lab.county_code}, ${uploadId}, v.row_number, v.barcode, v.code, v.message
      from unnest(${issues.map((i) => i.row)}::int[], ${issues.map((i) => i.barcode)}::text[],
                  ${issues.map((i) => i.code)}::text[], ${issues.map((i) => i.message)}::text[])
           as v(row_number, barcode, code, message)
      on conflict do nothing`.execute(tx);
  }
  await afterResults(
    tx,
    toStore
      .filter((s) => s.row.result !== 'negative' || s.tube.purpose === 'recheck')
      .map((s): ResultedTube => ({
        id: s.tube.id,
        countyCode: s.tube.county_code,
        jpath: s.tube.jpath,
        roundId: s.tube.round_id,
        barcode: s.tube.barcode,
        purpose: s.tube.purpose,
        members: s.tube.members,
        result: s.row.result,
        orf1abCt: s.row.orf1abCt,
        nCt: s.row.nCt,
      })),
  );
  tally.recorded += toStore.length;
  for (const i of issues.sort((a, b) => a.row - b.row)) tally.note(i);
}

/**
 * Records a lab's results: from the API (a list) or from a file read as it streams (lab.upload.ts).
 * Creates the lab_uploads row first, so every issue row has its upload; a failure midway leaves the
 * batches done so far recorded — sending the file again is safe, their rows come back "unchanged".
 */
export async function recordResults(
  ctx: RequestContext,
  labId: string,
  rows: AsyncIterable<ResultRow> | Iterable<ResultRow>,
  meta: { fileName: string; sha256?: string },
): Promise<UploadSummary> {
  requirePermission(ctx.actor, Permission.TestingLab);
  const lab = await labInScope(ctx, labId);
  const upload = await ctx.db
    .insertInto('lab_uploads')
    .values({
      county_code: lab.county_code,
      jpath: lab.jpath,
      lab_id: lab.id,
      file_name: meta.fileName,
      file_sha256: meta.sha256 ?? null,
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tally = new Tally();
  const seen = new Set<string>();
  const now = new Date();
  let parsed: Parsed[] = [];
  let early: Issue[] = [];
  // Two batches at once (each its own transaction and connection): the database then has a core
  // for each on server PostgreSQL. Their tubes never overlap (a barcode's second row is refused
  // above), so they lock nothing of each other's. On PGlite the one connection takes them in turn.
  const running = new Set<Promise<void>>();
  const failed: { error: Error | null } = { error: null };
  const flush = async (): Promise<void> => {
    if (parsed.length === 0 && early.length === 0) return;
    const [batch, issues] = [parsed, early];
    parsed = [];
    early = [];
    while (running.size >= LANES) await Promise.race(running);
    if (failed.error) throw failed.error;
    const task: Promise<void> = ctx.db
      .transaction()
      .execute((tx) => recordBatch(tx, lab, upload.id, batch, issues, tally))
      .then(
        () => void running.delete(task),
        (error: unknown) => {
          running.delete(task);
          failed.error ??= error instanceof Error ? error : new Error(String(error));
        },
      );
    running.add(task);
  };
  try {
    for await (const row of rows) {
      tally.rows++;
      const p = parseRow(row, now);
      const barcode = p.ok ? p.value.barcode : p.issue.barcode;
      // A second row for a tube is refused whatever it says: which of the two is right is for the lab to say.
      if (barcode !== null && seen.has(barcode))
        early.push({
          row: row.row,
          barcode,
          code: 'duplicate_in_file',
          message: `试管 ${barcode} 在本文件中重复出现`,
        });
      else {
        if (barcode !== null) seen.add(barcode);
        if (p.ok) parsed.push(p.value);
        else early.push(p.issue);
      }
      if (parsed.length + early.length >= BATCH_ROWS) await flush();
    }
    await flush();
  } finally {
    // A file that breaks off mid-way still lets the batches in flight commit (or fail) first.
    await Promise.all(running);
    // What was recorded changed tubes in place: vacuumed once the lab's uploads pause.
    if (tally.recorded > 0) ctx.settler?.touched(['tubes']);
  }
  if (failed.error) throw failed.error;
  tally.answer.sort((a, b) => a.row - b.row);
  const counts = {
    rows: tally.rows,
    recorded: tally.recorded,
    unchanged: tally.unchanged,
    conflicts: tally.conflicts,
    rejected: tally.rejected,
  };
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('lab_uploads')
      .set(counts)
      .where('county_code', '=', lab.county_code)
      .where('id', '=', upload.id)
      .execute();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.results_uploaded',
        resourceType: 'lab_upload',
        resourceId: upload.id,
        jpath: lab.jpath,
        detail: { labId: lab.id, fileName: meta.fileName, ...counts },
      },
    );
    await emitEvent(tx, RESULTS_UPLOADED, { labId: lab.id, uploadId: upload.id, ...counts }, lab.jpath);
  });
  return { uploadId: upload.id, ...counts, issues: tally.answer, issuesTruncated: tally.truncated };
}
