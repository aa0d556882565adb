/**
 * A lab's result file (.csv in UTF-8 or GBK, or .xlsx) as rows for recordResults: received to a
 * temp file as it streams, its format told from its bytes, its columns found by their headers in
 * Chinese or English. Reuses the ledger import's readers (population/import), which stream, cope
 * with Excel's and WPS's encodings and keep the cell types (a Ct typed as a number stays one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Errors } from '../../platform/errors.js';
import { type Cell, type SheetRow, cellText, isBlank } from '../population/import/import.cells.js';
import { CsvError, readCsvRows } from '../population/import/import.csv.js';
import { TooLargeError, firstBytes, receiveFile, sniff } from '../population/import/import.upload.js';
import { XlsxError, readXlsxRows } from '../population/import/import.xlsx.js';
import type { ResultRow } from './lab.results.js';

/** 550,000 tubes are ≈ 30 MB as CSV and less as .xlsx: room to spare, but a bound. */
export const MAX_RESULT_FILE_BYTES = 200 * 1024 * 1024;

type Field = 'barcode' | 'result' | 'orf1abCt' | 'nCt' | 'testedAt';

/** Headers as labs write them, compared without case, spaces, punctuation and a trailing 值. */
const HEADERS: Record<Field, string[]> = {
  barcode: ['试管条码', '条码', '试管编号', '试管码', '样本条码', 'barcode', 'tubebarcode', 'tube'],
  result: ['检测结果', '结果', '核酸结果', 'result', 'testresult'],
  orf1abCt: ['orf1abct', 'orf1ab', 'orf1ab基因ct', 'orf1ab基因', 'orf1abgenect'],
  nCt: ['nct', 'n', 'n基因ct', 'n基因', 'ngenect'],
  testedAt: ['检测时间', '检测日期', '报告时间', 'testedat', 'testtime', 'testedtime'],
};

const FIELD_NAMES: Record<Field, string> = {
  barcode: '试管条码 (barcode)',
  result: '检测结果 (result)',
  orf1abCt: 'ORF1ab Ct',
  nCt: 'N Ct',
  testedAt: '检测时间',
};

export function normaliseHeader(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .replace(/[\s_\-()（）:：.]/g, '')
    .replace(/值$/, '');
}

/** Column index of each field found in the header row. */
export function mapHeaders(cells: readonly Cell[]): {
  columns: Partial<Record<Field, number>>;
  headers: string[];
} {
  const headers = cells.map((c) => cellText(c).trim());
  const columns: Partial<Record<Field, number>> = {};
  headers.forEach((h, i) => {
    const key = normaliseHeader(h);
    for (const field of Object.keys(HEADERS) as Field[]) {
      if (columns[field] === undefined && HEADERS[field].includes(key)) columns[field] = i;
    }
  });
  return { columns, headers };
}

function text(cell: Cell | undefined): string {
  return cell ? cellText(cell).trim() : '';
}

/** A Ct cell: a spreadsheet number stays a number (parseCt checks its decimals with a tolerance). */
function ct(cell: Cell | undefined): string | number | null {
  if (!cell || isBlank(cell)) return null;
  return cell.kind === 'number' ? cell.value : cellText(cell);
}

function toRow(row: SheetRow, columns: Partial<Record<Field, number>>): ResultRow {
  const at = (f: Field) => (columns[f] === undefined ? undefined : row.cells[columns[f]]);
  return {
    row: row.rowNumber,
    barcode: text(at('barcode')),
    result: text(at('result')),
    orf1abCt: ct(at('orf1abCt')),
    nCt: ct(at('nCt')),
    testedAt: text(at('testedAt')) || null,
  };
}

function unreadable(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  throw Errors.importUnreadable('corrupt', message, message);
}

export interface ResultFile {
  rows: AsyncIterable<ResultRow>;
  sha256: string;
  /** Removes the temp files; call when the rows are consumed (or abandoned). */
  cleanup(): void;
}

/**
 * Receives the body and reads its header row; throws (and cleans up) when it is not a result file.
 * The data rows are read lazily, as recordResults consumes them.
 */
export async function openResultFile(body: Readable, maxBytes = MAX_RESULT_FILE_BYTES): Promise<ResultFile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-lab-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'upload');
    const stats = await receiveFile(body, file, maxBytes).catch((error: unknown) => {
      if (error instanceof TooLargeError) throw Errors.importFileTooLarge(maxBytes, `${maxBytes >> 20} MB`);
      throw error;
    });
    const sniffed = sniff(stats, firstBytes(file));
    if (!sniffed.ok) {
      if (sniffed.refusal === 'no_bytes') throw Errors.importEmptyFile('no_bytes');
      throw Errors.importUnreadable(
        sniffed.refusal,
        '请上传 .xlsx 或 .csv（UTF-8 或 GBK）文件',
        'upload an .xlsx file or a CSV in UTF-8 or GBK',
      );
    }
    const sheet =
      sniffed.format === 'xlsx'
        ? readXlsxRows(file, { scratch: path.join(dir, 'strings') })
        : readCsvRows(file, sniffed.encoding);
    let header: SheetRow | undefined;
    try {
      for (;;) {
        const next = await sheet.next();
        if (next.done) break;
        if (!next.value.cells.every((c) => isBlank(c))) {
          header = next.value;
          break;
        }
      }
    } catch (error) {
      if (error instanceof CsvError || error instanceof XlsxError) unreadable(error);
      throw error;
    }
    if (!header) throw Errors.importEmptyFile('no_rows');
    const { columns, headers } = mapHeaders(header.cells);
    const missing = (['barcode', 'result'] as const).filter((f) => columns[f] === undefined);
    if (missing.length > 0) {
      await sheet.return(undefined);
      throw Errors.labFileWrongShape(
        missing.map((f) => FIELD_NAMES[f]),
        headers.filter(Boolean),
      );
    }
    async function* rows(): AsyncGenerator<ResultRow> {
      try {
        for await (const row of sheet) if (!row.cells.every((c) => isBlank(c))) yield toRow(row, columns);
      } catch (error) {
        if (error instanceof CsvError || error instanceof XlsxError) unreadable(error);
        throw error;
      }
    }
    return { rows: rows(), sha256: stats.sha256, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
