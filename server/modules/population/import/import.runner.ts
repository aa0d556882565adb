/**
 * Runs an import job in the background: streams the stored file row by row, imports it in
 * batches (import.batch.ts), keeps a heartbeat, and ends the job as done, failed, interrupted
 * (server shutting down) or cancelled. A resumed job replays the rows before its cursor only to
 * remember their ID numbers (for duplicate checks), then continues where it stopped.
 *
 * The runner needs no Fastify: serve.ts, the routes and the kill test's child process all use it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, ImportRow } from '../../../db/schema.js';
import type { Actor } from '../../../platform/context.js';
import type { PiiCipher } from '../../../platform/pii.js';
import { scopeOf } from '../../../platform/scope.js';
import { recordAudit } from '../../audit/audit.service.js';
import { type BatchContext, Cancelled, checkRow, importBatch } from './import.batch.js';
import type { SheetRow } from './import.cells.js';
import { CsvError } from './import.csv.js';
import { type ImportField, isImportField } from './import.fields.js';
import { PlaceResolver } from './import.places.js';
import * as repo from './import.repo.js';
import { SeenIds } from './import.seen.js';
import { openTable } from './import.table.js';
import { fileSha256 } from './import.upload.js';
import { XlsxError } from './import.xlsx.js';

export interface ImportDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  /** Where uploaded files live (CORDON_DATA_DIR/imports). */
  dir: string;
  log: FastifyBaseLogger;
}

export interface RunOptions {
  /** Rows per transaction. */
  batchSize?: number;
  /** Tests: die like a killed process after this many committed batches (the job stays 'running'). */
  crashAfterBatches?: number;
  /** Called after each committed batch (progress for the kill test's child). */
  afterBatch?: (batch: number, counts: repo.BatchCounts) => void | Promise<void>;
  /** Aborted when the server shuts down: the job stops after its current batch as 'interrupted'. */
  signal?: AbortSignal;
}

/** Thrown by the crashAfterBatches hook; nothing catches it into a status, as nothing would after a kill. */
export class SimulatedCrash extends Error {}
class JobFailure extends Error {}

export const HEARTBEAT_MS = 10_000;
export const DEFAULT_BATCH = 1000;

export const importFile = (dir: string, job: Pick<ImportRow, 'id' | 'format'>): string =>
  path.join(dir, `${job.id}.${job.format}`);
const scratchFile = (dir: string, job: Pick<ImportRow, 'id'>): string => path.join(dir, `${job.id}.strings`);

export function removeFiles(dir: string, job: Pick<ImportRow, 'id' | 'format'>): void {
  fs.rmSync(importFile(dir, job), { force: true });
  fs.rmSync(scratchFile(dir, job), { force: true });
}

/** Failures a user can act on are stored as they are; anything else as a generic line (details in the log). */
function failureText(error: unknown): string {
  if (error instanceof JobFailure || error instanceof CsvError || error instanceof XlsxError)
    return error.message;
  return '导入过程中出现内部错误，请稍后点击“继续导入”；如仍失败请联系管理员';
}

export async function runImport(
  deps: ImportDeps,
  jobId: string,
  actor: Actor,
  options: RunOptions = {},
): Promise<void> {
  const job = await repo.findImport(deps.db, jobId);
  if (!job || job.status !== 'running') return;
  const log = deps.log.child({ importId: job.id });
  const beat = setInterval(() => {
    repo
      .heartbeat(deps.db, job.id)
      .catch((error: unknown) => log.warn({ err: error }, 'import heartbeat failed'));
  }, HEARTBEAT_MS);
  beat.unref();
  const audit = async (status: string, extra: Record<string, unknown> = {}): Promise<void> => {
    const now = await repo.findImport(deps.db, job.id);
    await recordAudit(
      { db: deps.db, actor },
      {
        action: 'population.import_finished',
        outcome: status === 'failed' ? 'failed' : 'ok',
        resourceType: 'import',
        resourceId: job.id,
        jpath: job.jpath,
        detail: {
          status,
          fileName: job.file_name,
          rows: now?.rows_done,
          ok: now?.rows_ok,
          failed: now?.rows_failed,
          inserted: now?.rows_inserted,
          updated: now?.rows_updated,
          unchanged: now?.rows_unchanged,
          ...extra,
        },
      },
    );
  };

  let outcome: { status: 'done' | 'failed'; error: string | null };
  try {
    await run(deps, job, actor, options);
    outcome = { status: 'done', error: null };
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    if (error instanceof Cancelled) {
      // The job left 'running' under us: cancelled by a user (its file goes), or taken over.
      const now = await repo.findImport(deps.db, job.id);
      if (now?.status === 'cancelled') {
        removeFiles(deps.dir, job);
        log.info('import cancelled');
      } else log.warn({ status: now?.status }, 'import stopped: no longer marked running');
      return;
    }
    if (options.signal?.aborted && !(error instanceof JobFailure)) {
      await repo.transition(deps.db, job.id, ['running'], 'interrupted', {
        error: '服务器关闭时中断，重启后自动继续',
      });
      log.info('import interrupted by shutdown');
      return;
    }
    if (!(error instanceof JobFailure)) log.error({ err: error }, 'import failed');
    outcome = { status: 'failed', error: failureText(error) };
  } finally {
    clearInterval(beat);
  }
  // A failed job keeps its file: "resume" retries it.
  if (outcome.status === 'done') removeFiles(deps.dir, job);
  else fs.rmSync(scratchFile(deps.dir, job), { force: true });
  const ended = await repo.finishJob(deps.db, job, outcome.status, outcome.error);
  log.info({ status: outcome.status }, 'import ended');
  if (ended) await audit(outcome.status, outcome.error ? { error: outcome.error } : {});
}

async function run(deps: ImportDeps, job: ImportRow, actor: Actor, options: RunOptions): Promise<void> {
  const file = importFile(deps.dir, job);
  if (!fs.existsSync(file) || (await fileSha256(file)) !== job.file_sha256) {
    throw new JobFailure('上传的原文件已不存在或已被改动，无法继续；请重新上传');
  }
  let lastRow: number | null = null;
  const table = await openTable(
    file,
    { format: job.format, encoding: csvEncoding(job) },
    scratchFile(deps.dir, job),
    (last) => {
      lastRow = last;
    },
  );
  if (!table) throw new JobFailure('文件中没有数据');
  // An .xlsx uploaded before its row count was known gets the estimate from its <dimension>.
  if (job.rows_total === null && lastRow !== null)
    await repo.setRowsTotal(deps.db, job, Math.max(0, lastRow - table.headerRow));
  const columns: Partial<Record<ImportField, number>> = {};
  for (const [field, header] of Object.entries(job.mapping ?? {})) {
    const index = table.headers.indexOf(header);
    if (!isImportField(field) || index < 0) throw new JobFailure(`列对应关系中的“${header}”不在文件的表头中`);
    columns[field] = index;
  }
  const ctx: BatchContext = {
    db: deps.db,
    pii: deps.pii,
    job,
    actorId: actor.userId,
    scope: scopeOf({ jpath: job.jpath }),
    resolver: new PlaceResolver(deps.db, scopeOf({ jpath: job.jpath })),
    seen: new SeenIds(),
    headers: table.headers,
    columns,
    today: new Date(),
  };
  const size = options.batchSize ?? DEFAULT_BATCH;
  let index = 0;
  let batches = 0;
  let batch: SheetRow[] = [];
  let inserted = 0;
  let analysedAt = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const counts = await importBatch(ctx, batch);
    batch = [];
    batches++;
    // Each time this run has doubled what it inserted: see repo.analyzeTables for why.
    inserted += counts.inserted;
    if (inserted >= Math.max(size, 2 * analysedAt)) {
      await repo.analyzeTables(deps.db);
      analysedAt = inserted;
    }
    await options.afterBatch?.(batches, counts);
    if (options.crashAfterBatches !== undefined && batches >= options.crashAfterBatches)
      throw new SimulatedCrash();
    if (options.signal?.aborted) throw new Error('server shutting down');
  };
  try {
    for await (const row of table.rows) {
      if (index++ < job.rows_done) {
        checkRow(ctx, row); // remembers the row's ID number, nothing else
        continue;
      }
      batch.push(row);
      if (batch.length >= size) await flush();
    }
    await flush();
  } finally {
    await table.rows.return(undefined);
  }
}

function csvEncoding(job: ImportRow) {
  switch (job.encoding) {
    case 'gb18030':
    case 'utf-16le':
    case 'utf-16be':
      return job.encoding;
    default:
      return 'utf-8' as const;
  }
}
