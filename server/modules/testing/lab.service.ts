/**
 * The way of a tube to its result: a sampler ships closed tubes in a box to a lab, the lab receives
 * the box (or loose tubes, at a mobile lab), and its upload issues can be read back. Recording the
 * results themselves is lab.results.ts.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { parseTubeBarcode } from '../../../domain/testing.js';
import type { BoxesTable, Database, LabsTable } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { assertInScope, inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Box, BoxBody, BoxListQuery } from './lab.schema.js';
import { visibleRound } from './rounds.service.js';

type Db = Kysely<Database>;
export type Lab = Pick<Selectable<LabsTable>, 'id' | 'county_code' | 'jpath' | 'code' | 'name'>;
type BoxRow = Selectable<BoxesTable>;

export const BOX_SHIPPED = 'testing.box_shipped';
export const TUBES_RECEIVED = 'testing.tubes_received';

/** A problem with one barcode of a list: the whole list is refused, naming each. */
export interface BarcodeProblem {
  barcode: string;
  problem: string;
}

async function findLab(db: Db, id: string): Promise<Lab> {
  const lab = await db
    .selectFrom('labs')
    .select(['id', 'county_code', 'jpath', 'code', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!lab) throw Errors.notFound('Lab', id);
  return lab;
}

/** A lab the actor works for: its place lies in the actor's subtree. */
export async function labInScope(ctx: RequestContext, id: string): Promise<Lab> {
  const lab = await findLab(ctx.db, id);
  assertInScope(scopeOf(ctx.actor), lab.jpath, `Lab ${lab.code}`);
  return lab;
}

/** Barcodes as typed or scanned: normalised, with the malformed and the repeated ones as problems. */
export function normaliseBarcodes(input: readonly string[]): {
  values: string[];
  problems: BarcodeProblem[];
} {
  const values: string[] = [];
  const problems: BarcodeProblem[] = [];
  const seen = new Set<string>();
  for (const text of input) {
    const parsed = parseTubeBarcode(text);
    if (!parsed.ok) problems.push({ barcode: text, problem: 'not a tube barcode' });
    else if (seen.has(parsed.value)) problems.push({ barcode: parsed.value, problem: 'listed twice' });
    else {
      seen.add(parsed.value);
      values.push(parsed.value);
    }
  }
  return { values, problems };
}

export function presentBox(box: BoxRow, lab: Pick<Lab, 'id' | 'code' | 'name'>): Static<typeof Box> {
  return {
    id: box.id,
    code: box.code,
    roundId: box.round_id,
    lab: { id: lab.id, code: lab.code, name: lab.name },
    tubes: box.tubes,
    status: box.status,
    shippedAt: box.shipped_at.toISOString(),
    receivedAt: box.received_at ? box.received_at.toISOString() : null,
  };
}

/** Tubes by barcode (one per county at most): a box holds 2,000, so no search per barcode. */
function byBarcode<T extends { barcode: string }>(tubes: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of tubes) {
    const list = out.get(t.barcode);
    if (list) list.push(t);
    else out.set(t.barcode, [t]);
  }
  return out;
}

/**
 * Ships closed tubes of one round to a lab in a box. All or nothing: a box is one parcel, so a tube
 * that cannot go (unknown, outside the sampler's area, still open, already shipped) stops the box
 * and every such tube is named.
 */
export async function shipBox(
  ctx: RequestContext,
  input: Static<typeof BoxBody>,
): Promise<Static<typeof Box>> {
  requirePermission(ctx.actor, Permission.TestingSample);
  const round = await visibleRound(ctx, input.roundId);
  const lab = await findLab(ctx.db, input.labId);
  const { values, problems } = normaliseBarcodes(input.barcodes);
  const scope = scopeOf(ctx.actor);
  const found = values.length
    ? await ctx.db
        .selectFrom('tubes')
        .select(['id', 'county_code', 'jpath', 'barcode', 'status'])
        .where(sql<boolean>`barcode = any(${values}::text[])`)
        .where('round_id', '=', round.id)
        .execute()
    : [];
  const tubes: typeof found = [];
  const byCode = byBarcode(found);
  for (const barcode of values) {
    const all = byCode.get(barcode) ?? [];
    const mine = all.filter((t) => isInScope(scope, t.jpath));
    if (all.length === 0) problems.push({ barcode, problem: 'no such tube in this round' });
    else if (mine.length === 0) problems.push({ barcode, problem: 'outside your jurisdiction' });
    else if (mine.length > 1) problems.push({ barcode, problem: 'barcode used in two counties' });
    else if (mine[0]!.status !== 'closed') problems.push({ barcode, problem: mine[0]!.status });
    else tubes.push(mine[0]!);
  }
  if (problems.length > 0) throw Errors.tubesNotReady('ship the box', problems);

  const box = await ctx.db.transaction().execute(async (tx) => {
    const taken = await tx
      .selectFrom('boxes')
      .select('id')
      .where('county_code', '=', ctx.actor.countyCode)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (taken) throw Errors.codeTaken('Box', input.code);
    const row = await tx
      .insertInto('boxes')
      .values({
        county_code: ctx.actor.countyCode,
        jpath: ctx.actor.jpath,
        round_id: round.id,
        code: input.code,
        lab_id: lab.id,
        tubes: tubes.length,
        shipped_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const shipped = await sql<{ barcode: string }>`
      update tubes t set status = 'shipped', box_id = ${row.id}, lab_id = ${lab.id}, shipped_at = now()
      from unnest(${tubes.map((t) => t.county_code)}::text[], ${tubes.map((t) => t.id)}::uuid[]) as v(county_code, id)
      where t.county_code = v.county_code and t.id = v.id and t.status = 'closed'
        and t.id = any(${tubes.map((t) => t.id)}::uuid[])
      returning t.barcode`.execute(tx);
    if (shipped.rows.length !== tubes.length) {
      // Another request shipped or reopened one of them since we looked: refuse rather than half-ship.
      const done = new Set(shipped.rows.map((r) => r.barcode));
      throw Errors.tubesNotReady(
        'ship the box',
        tubes
          .filter((t) => !done.has(t.barcode))
          .map((t) => ({ barcode: t.barcode, problem: 'changed meanwhile' })),
      );
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.box_shipped',
        resourceType: 'box',
        resourceId: row.id,
        jpath: ctx.actor.jpath,
        detail: { code: input.code, labId: lab.id, roundId: round.id, tubes: tubes.length },
      },
    );
    await emitEvent(
      tx,
      BOX_SHIPPED,
      { boxId: row.id, labId: lab.id, roundId: round.id, tubes: tubes.length },
      lab.jpath,
    );
    return row;
  });
  return presentBox(box, lab);
}

/**
 * Boxes of a lab the actor works for (its incoming boxes, from anywhere), or else the boxes shipped
 * from the actor's subtree.
 */
export async function listBoxes(
  ctx: RequestContext,
  query: Static<typeof BoxListQuery>,
): Promise<Array<Static<typeof Box>>> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const scope = scopeOf(ctx.actor);
  let qb = ctx.db
    .selectFrom('boxes as b')
    .innerJoin('labs as l', 'l.id', 'b.lab_id')
    .selectAll('b')
    .select(['l.code as lab_code', 'l.name as lab_name']);
  if (query.labId) {
    const lab = await findLab(ctx.db, query.labId);
    qb = qb.where('b.lab_id', '=', lab.id);
    if (!isInScope(scope, lab.jpath)) qb = qb.where(inScope(scope, 'b'));
  } else qb = qb.where(inScope(scope, 'b'));
  if (query.status) qb = qb.where('b.status', '=', query.status);
  const rows = await qb
    .orderBy('b.shipped_at', 'desc')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map((r) => presentBox(r, { id: r.lab_id, code: r.lab_code, name: r.lab_name }));
}

/** The lab takes a box in: the box and its tubes are received. */
export async function receiveBox(ctx: RequestContext, boxId: string): Promise<Static<typeof Box>> {
  requirePermission(ctx.actor, Permission.TestingLab);
  const box = await ctx.db.selectFrom('boxes').selectAll().where('id', '=', boxId).executeTakeFirst();
  if (!box) throw Errors.notFound('Box', boxId);
  const lab = await labInScope(ctx, box.lab_id);
  if (box.status !== 'shipped') throw Errors.boxWrongState(box.code, box.status, 'receive it');
  const received = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('boxes')
      .set({ status: 'received', received_at: new Date(), received_by: ctx.actor.userId })
      .where('county_code', '=', box.county_code)
      .where('id', '=', box.id)
      .where('status', '=', 'shipped')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw Errors.boxWrongState(box.code, 'received', 'receive it');
    const tubes = await tx
      .updateTable('tubes')
      .set({ status: 'received', received_at: new Date() })
      .where('box_id', '=', box.id)
      .where('status', '=', 'shipped')
      .executeTakeFirst();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.box_received',
        resourceType: 'box',
        resourceId: box.id,
        jpath: lab.jpath,
        detail: { code: box.code, labId: lab.id, tubes: Number(tubes.numUpdatedRows) },
      },
    );
    await emitEvent(
      tx,
      TUBES_RECEIVED,
      { labId: lab.id, boxId: box.id, tubes: Number(tubes.numUpdatedRows) },
      lab.jpath,
    );
    return row;
  });
  return presentBox(received, lab);
}

/**
 * Tubes taken in without their box (a mobile lab at the site): each must have been shipped to this
 * lab. Tubes received before count as such, so a second scan of the same rack is harmless.
 */
export async function receiveTubes(
  ctx: RequestContext,
  labId: string,
  barcodes: readonly string[],
): Promise<{ received: number; alreadyReceived: number }> {
  requirePermission(ctx.actor, Permission.TestingLab);
  const lab = await labInScope(ctx, labId);
  const { values, problems } = normaliseBarcodes(barcodes);
  const found = values.length
    ? await ctx.db
        .selectFrom('tubes')
        .select(['id', 'county_code', 'barcode', 'status', 'lab_id'])
        .where(sql<boolean>`barcode = any(${values}::text[])`)
        .execute()
    : [];
  const toReceive: typeof found = [];
  let alreadyReceived = 0;
  const byCode = byBarcode(found);
  for (const barcode of values) {
    const all = byCode.get(barcode) ?? [];
    const mine = all.filter((t) => t.lab_id === lab.id);
    if (all.length === 0) problems.push({ barcode, problem: 'no such tube' });
    else if (mine.length === 0)
      problems.push({
        barcode,
        problem: all.some((t) => t.lab_id) ? 'shipped to another lab' : 'not shipped',
      });
    else if (mine.length > 1) problems.push({ barcode, problem: 'barcode used in two counties' });
    else if (mine[0]!.status === 'shipped') toReceive.push(mine[0]!);
    else alreadyReceived++;
  }
  if (problems.length > 0) throw Errors.tubesNotReady('receive the tubes', problems);
  if (toReceive.length === 0) return { received: 0, alreadyReceived };
  return ctx.db.transaction().execute(async (tx) => {
    const done = await sql<{ id: string }>`
      update tubes t set status = 'received', received_at = now()
      from unnest(${toReceive.map((t) => t.county_code)}::text[], ${toReceive.map((t) => t.id)}::uuid[]) as v(county_code, id)
      where t.county_code = v.county_code and t.id = v.id and t.status = 'shipped'
        and t.id = any(${toReceive.map((t) => t.id)}::uuid[])
      returning t.id`.execute(tx);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.box_received',
        resourceType: 'lab',
        resourceId: lab.id,
        jpath: lab.jpath,
        detail: { labId: lab.id, withoutBox: true, tubes: done.rows.length },
      },
    );
    await emitEvent(tx, TUBES_RECEIVED, { labId: lab.id, boxId: null, tubes: done.rows.length }, lab.jpath);
    return {
      received: done.rows.length,
      alreadyReceived: alreadyReceived + toReceive.length - done.rows.length,
    };
  });
}

const ISSUE_PAGE = 2000;

/** The issues of one upload as an .xlsx, streamed page by page (a re-sent file may have 500,000). */
export async function uploadIssuesReport(
  ctx: RequestContext,
  labId: string,
  uploadId: string,
): Promise<{ fileName: string; stream: PassThrough }> {
  requirePermission(ctx.actor, Permission.TestingLab);
  const lab = await labInScope(ctx, labId);
  const upload = await ctx.db
    .selectFrom('lab_uploads')
    .selectAll()
    .where('county_code', '=', lab.county_code)
    .where('id', '=', uploadId)
    .where('lab_id', '=', lab.id)
    .executeTakeFirst();
  if (!upload) throw Errors.notFound('Upload', uploadId);
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('问题行', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [{ width: 8 }, { width: 22 }, { width: 18 }, { width: 70 }];
  const write = async (): Promise<void> => {
    const head = sheet.addRow(['行号', '试管条码', '问题', '说明']);
    head.font = { bold: true };
    head.commit();
    let after = { row: -1, code: '' };
    for (;;) {
      const page = await ctx.db
        .selectFrom('lab_upload_issues')
        .select(['row_number', 'barcode', 'code', 'message'])
        .where('county_code', '=', upload.county_code)
        .where('upload_id', '=', upload.id)
        .where(sql<boolean>`(row_number, code) > (${after.row}, ${after.code})`)
        .orderBy('row_number')
        .orderBy('code')
        .limit(ISSUE_PAGE)
        .execute();
      for (const issue of page)
        sheet.addRow([issue.row_number, issue.barcode ?? '', issue.code, issue.message]).commit();
      const last = page.at(-1);
      if (!last || page.length < ISSUE_PAGE) break;
      after = { row: last.row_number, code: last.code };
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return { fileName: upload.file_name.replace(/\.[^.]*$/, ''), stream: out };
}
