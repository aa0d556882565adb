/**
 * Ledger imports: upload (stream to disk, recognise the file, suggest the column mapping), start,
 * resume, cancel, list, and recovery at start-up. Jobs belong to the uploader's jurisdiction
 * (their jpath) and only people inside it can be written by them, whoever presses "start".
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Permission } from '../../../../domain/access.js';
import type { ImportRow } from '../../../db/schema.js';
import {
  type Actor,
  type RequestContext,
  hasPermission,
  requirePermission,
} from '../../../platform/context.js';
import { type AppError, Errors } from '../../../platform/errors.js';
import { isInScope, scopeOf } from '../../../platform/scope.js';
import { recordAudit } from '../../audit/audit.service.js';
import { actorFromUser, findUserById } from '../../users/users.service.js';
import { type SheetRow, isBlank } from './import.cells.js';
import { CsvError } from './import.csv.js';
import {
  FIELD_DEFINITIONS,
  IMPORT_FIELDS,
  type ImportField,
  REQUIRED_FIELDS,
  isImportField,
} from './import.fields.js';
import type { ImportJobs } from './import.jobs.js';
import * as repo from './import.repo.js';
import { importFile, removeFiles } from './import.runner.js';
import { type FileKind, openTable, rowRecord, suggestMapping } from './import.table.js';
import { TooLargeError, type UploadStats, firstBytes, receiveFile, sniff } from './import.upload.js';
import { XlsxError } from './import.xlsx.js';

export const DEFAULT_MAX_BYTES = 1024 ** 3;
const PREVIEW_ROWS = 5;

export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} B`;
}

/** Fields a job of this scope must map: the village too, unless the uploader serves one village. */
function requiredFields(actor: Pick<Actor, 'jpath'>): ImportField[] {
  return /^\d{12}/.test(actor.jpath) ? [...REQUIRED_FIELDS] : [...REQUIRED_FIELDS, 'village'];
}

export function fieldList(actor: Pick<Actor, 'jpath'>) {
  const required = requiredFields(actor);
  return IMPORT_FIELDS.map((key) => ({
    key,
    header: FIELD_DEFINITIONS[key].header,
    required: required.includes(key),
    hint: FIELD_DEFINITIONS[key].hint,
  }));
}

const REFUSALS = {
  xls: [
    '这是旧版 .xls 文件（或设置了打开密码的文件），请在Excel中“另存为” .xlsx 后上传',
    'an old .xls file (or a password-protected workbook): save it as .xlsx',
  ],
  binary: ['这不是CSV或Excel文件', 'not a CSV or Excel file'],
  html: [
    '这是网页（HTML）文件，并非真正的Excel表格，请在Excel中打开后“另存为” .xlsx',
    'a web page (HTML), not a real spreadsheet: open it in Excel and save it as .xlsx',
  ],
  not_xlsx: ['压缩文件不是Excel工作簿，或文件已损坏', 'the zip is not an Excel workbook, or it is damaged'],
} as const;

function refuse(reason: keyof typeof REFUSALS, detail?: string): AppError {
  const [zh, en] = REFUSALS[reason];
  return Errors.importUnreadable(reason, detail ? `${zh}（${detail}）` : zh, en);
}

interface Analysis {
  kind: FileKind;
  headers: string[];
  preview: SheetRow[];
  rowsTotal: number | null;
}

/** Recognises a stored upload: format, encoding, header row, a preview; refuses what it cannot read. */
async function analyse(file: string, scratch: string, stats: UploadStats): Promise<Analysis> {
  const sniffed = sniff(stats, firstBytes(file));
  if (!sniffed.ok) {
    if (sniffed.refusal === 'no_bytes') throw Errors.importEmptyFile('no_bytes');
    throw refuse(sniffed.refusal);
  }
  const kind: FileKind = { format: sniffed.format, encoding: sniffed.encoding };
  let lastRow: number | null = null;
  let table;
  try {
    table = await openTable(file, kind, scratch, (last) => (lastRow = last));
    if (!table) throw Errors.importEmptyFile('no_rows');
    const preview: SheetRow[] = [];
    for await (const row of table.rows) {
      if (row.cells.every((c) => isBlank(c))) continue;
      preview.push(row);
      if (preview.length === PREVIEW_ROWS) break;
    }
    if (table.headers.some((h) => h.includes('\uFFFD'))) throw Errors.importBadEncoding();
    if (preview.length === 0) throw Errors.importEmptyFile('no_rows');
    const lines =
      kind.format === 'csv' && kind.encoding !== 'utf-16le' && kind.encoding !== 'utf-16be'
        ? stats.lines
        : lastRow;
    const rowsTotal = lines === null ? null : Math.max(preview.length, lines - table.headerRow);
    return { kind, headers: table.headers, preview, rowsTotal };
  } catch (error) {
    if (error instanceof XlsxError) throw refuse('not_xlsx', error.message);
    if (error instanceof CsvError)
      throw Errors.importUnreadable('csv', error.message, `CSV error at line ${error.line}`);
    throw error;
  } finally {
    await table?.rows.return(undefined);
    fs.rmSync(scratch, { force: true });
  }
}

export async function uploadImport(
  ctx: RequestContext,
  jobs: ImportJobs,
  limit: number,
  fileName: string,
  body: Readable,
  declaredLength: number | undefined,
) {
  requirePermission(ctx.actor, Permission.PopulationManage);
  if (declaredLength !== undefined && declaredLength > limit)
    throw Errors.importFileTooLarge(limit, formatBytes(limit));
  fs.mkdirSync(jobs.deps.dir, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const upload = path.join(jobs.deps.dir, `${id}.upload`);
  let stats: UploadStats;
  try {
    stats = await receiveFile(body, upload, limit);
  } catch (error) {
    if (error instanceof TooLargeError) throw Errors.importFileTooLarge(limit, formatBytes(limit));
    throw error;
  }
  try {
    const analysis = await analyse(upload, path.join(jobs.deps.dir, `${id}.strings`), stats);
    const suggested = suggestMapping(analysis.headers, analysis.preview);
    if (!suggested.name && !suggested.idNumber) {
      throw Errors.importWrongShape(
        ['name', 'idNumber'].map((f) => FIELD_DEFINITIONS[f as ImportField].header),
        analysis.headers,
      );
    }
    const job = await repo.insertImport(ctx.db, {
      id,
      county_code: ctx.actor.countyCode,
      jpath: ctx.actor.jpath,
      created_by: ctx.actor.userId,
      file_name: fileName.split(/[\\/]/).pop()!.trim().slice(0, 255) || 'upload',
      file_sha256: stats.sha256,
      file_size: stats.size,
      format: analysis.kind.format,
      encoding: analysis.kind.encoding,
      rows_total: analysis.rowsTotal,
    });
    fs.renameSync(upload, importFile(jobs.deps.dir, job));
    return {
      job,
      headers: analysis.headers,
      suggestedMapping: suggested as Record<string, string>,
      preview: analysis.preview.map((r) => Object.fromEntries(rowRecord(analysis.headers, r))),
      missingRequired: requiredFields(ctx.actor).filter((f) => !suggested[f]),
      fields: fieldList(ctx.actor),
    };
  } finally {
    fs.rmSync(upload, { force: true });
  }
}

/** An import the actor may act on: in their scope, or NOT_FOUND (no hint that it exists elsewhere). */
async function jobInScope(ctx: RequestContext, id: string): Promise<ImportRow> {
  const job = await repo.findImport(ctx.db, id);
  if (!job) throw Errors.notFound('Import', id);
  if (!isInScope(scopeOf(ctx.actor), job.jpath)) throw Errors.outOfScope(`Import ${id}`);
  return job;
}

function checkMapping(actor: Actor, mapping: Record<string, string>): Record<string, string> {
  const problems: Array<{ field: string; message: string }> = [];
  const used = new Map<string, string>();
  for (const [field, header] of Object.entries(mapping)) {
    if (!isImportField(field))
      problems.push({ field: `mapping.${field}`, message: `is not a field (${IMPORT_FIELDS.join(', ')})` });
    else if (used.has(header))
      problems.push({
        field: `mapping.${field}`,
        message: `column "${header}" is already mapped to ${used.get(header)}`,
      });
    used.set(header, field);
  }
  for (const field of requiredFields(actor)) {
    if (!mapping[field])
      problems.push({
        field: `mapping.${field}`,
        message: `is required (${FIELD_DEFINITIONS[field].header})`,
      });
  }
  if (problems.length > 0) throw Errors.validation(problems);
  return mapping;
}

export async function startImport(
  ctx: RequestContext,
  jobs: ImportJobs,
  id: string,
  mapping: Record<string, string>,
) {
  requirePermission(ctx.actor, Permission.PopulationManage);
  const job = await jobInScope(ctx, id);
  // The job's scope, not the starter's, decides which rows it may write.
  checkMapping({ ...ctx.actor, jpath: job.jpath }, mapping);
  const started = await repo.transition(ctx.db, id, ['uploaded'], 'running', {
    mapping: JSON.stringify(mapping),
  });
  if (!started) throw Errors.importWrongState(job.status, 'started');
  await recordAudit(ctx, {
    action: 'population.import_started',
    resourceType: 'import',
    resourceId: id,
    jpath: job.jpath,
    detail: { fileName: job.file_name, format: job.format, rowsTotal: job.rows_total },
  });
  void jobs.start(id, ctx.actor);
  return started;
}

export async function resumeImport(ctx: RequestContext, jobs: ImportJobs, id: string) {
  requirePermission(ctx.actor, Permission.PopulationManage);
  const job = await jobInScope(ctx, id);
  const resumed = await repo.transition(ctx.db, id, ['interrupted', 'failed'], 'running', { error: null });
  if (!resumed) throw Errors.importWrongState(job.status, 'resumed');
  await recordAudit(ctx, {
    action: 'population.import_started',
    resourceType: 'import',
    resourceId: id,
    jpath: job.jpath,
    detail: { fileName: job.file_name, resumedAt: job.rows_done },
  });
  void jobs.start(id, ctx.actor);
  return resumed;
}

export async function cancelImport(ctx: RequestContext, jobs: ImportJobs, id: string) {
  requirePermission(ctx.actor, Permission.PopulationManage);
  const job = await jobInScope(ctx, id);
  const cancelled = await repo.transition(
    ctx.db,
    id,
    ['uploaded', 'running', 'interrupted', 'failed'],
    'cancelled',
  );
  if (!cancelled) throw Errors.importWrongState(job.status, 'cancelled');
  // A job running here stops at its batch (rolled back) and removes the file itself.
  if (!jobs.isRunning(id)) removeFiles(jobs.deps.dir, job);
  await recordAudit(ctx, {
    action: 'population.import_cancelled',
    resourceType: 'import',
    resourceId: id,
    jpath: job.jpath,
    detail: { fileName: job.file_name, rowsDone: job.rows_done },
  });
  return cancelled;
}

export async function getImport(ctx: RequestContext, id: string): Promise<ImportRow> {
  requirePermission(ctx.actor, Permission.PopulationManage);
  return jobInScope(ctx, id);
}

export function listImports(ctx: RequestContext, page: { limit: number; offset: number }) {
  requirePermission(ctx.actor, Permission.PopulationManage);
  return repo.listImports(ctx.db, scopeOf(ctx.actor), page);
}

/** Partial uploads and shared-string scratch files of processes that died (a day old: none is in use). */
function removeStaleScratch(dir: string): void {
  if (!fs.existsSync(dir)) return;
  const dayAgo = Date.now() - 86_400_000;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (/\.(upload|strings)$/.test(name) && fs.statSync(file).mtimeMs < dayAgo)
      fs.rmSync(file, { force: true });
  }
}

/**
 * Start-up (all: true) and the periodic sweep: jobs whose process died (heartbeat older than
 * staleMs) become 'interrupted'; those — at start-up every interrupted one — are resumed here on
 * behalf of whoever uploaded them, if that account may still import there. Uploads never started
 * within a week are dropped with their files.
 */
export async function recoverImports(jobs: ImportJobs, staleMs: number, all: boolean): Promise<string[]> {
  const { db, log } = jobs.deps;
  for (const job of await repo.abandonedUploads(db, 7)) removeFiles(jobs.deps.dir, job);
  if (all) removeStaleScratch(jobs.deps.dir);
  // Jobs running in this process are alive whatever their heartbeat says.
  const stale = await repo.interruptStale(db, staleMs, jobs.runningIds());
  const candidates = all ? await repo.interruptedJobs(db) : stale;
  const resumed: string[] = [];
  for (const job of candidates) {
    if (jobs.isRunning(job.id)) continue;
    const user = job.created_by ? await findUserById(db, job.created_by) : undefined;
    const actor = user && !user.disabled_at ? actorFromUser(user) : null;
    if (
      !actor ||
      !hasPermission(actor, Permission.PopulationManage) ||
      !isInScope(scopeOf(actor), job.jpath)
    ) {
      log.warn(
        { importId: job.id },
        'interrupted import left for a user to resume: its uploader can no longer import there',
      );
      continue;
    }
    if (!(await repo.transition(db, job.id, ['interrupted'], 'running', { error: null }))) continue;
    log.info({ importId: job.id, rowsDone: job.rows_done }, 'resuming interrupted import');
    void jobs.start(job.id, actor);
    resumed.push(job.id);
  }
  return resumed;
}
