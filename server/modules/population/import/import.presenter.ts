/**
 * The JSON shape of an import job. No paths, no hashes: the file's name as uploaded and the
 * counters the import page shows.
 */
import type { Static } from 'typebox';
import type { ImportRow } from '../../../db/schema.js';
import type { ImportView } from './import.schema.js';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function presentImport(row: ImportRow): Static<typeof ImportView> {
  return {
    id: row.id,
    fileName: row.file_name,
    fileSize: row.file_size,
    format: row.format,
    encoding: row.encoding,
    status: row.status,
    mapping: row.mapping,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    ok: row.rows_ok,
    failed: row.rows_failed,
    inserted: row.rows_inserted,
    updated: row.rows_updated,
    unchanged: row.rows_unchanged,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    heartbeatAt: iso(row.heartbeat_at),
  };
}
