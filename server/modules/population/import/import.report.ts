/**
 * The rejected rows of a job as an .xlsx: 行号, 错误原因, then the row's original columns, so the
 * user can correct the sheet and upload it again as it is. Streamed page by page from
 * import_errors; the original cells are stored encrypted and decrypted only here.
 */
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database, ImportRow } from '../../../db/schema.js';
import type { PiiCipher } from '../../../platform/pii.js';
import { errorsAfter } from './import.repo.js';

const PAGE = 1000;

function cellsOf(pii: PiiCipher, raw: unknown): Array<[string, string]> {
  const stored = raw as { enc?: string };
  if (typeof stored.enc !== 'string') return [];
  return JSON.parse(pii.decrypt(Buffer.from(stored.enc, 'base64'))) as Array<[string, string]>;
}

export function reasonText(problems: Array<{ column: string; message: string }>): string {
  return problems.map((p) => `${p.column}：${p.message}`).join('；');
}

/** 131002********123X: the ends of an identifier as typed, whatever its validity. */
function mask(text: string): string {
  const t = text.trim();
  return t.length <= 8 ? '*'.repeat(t.length) : `${t.slice(0, 4)}${'*'.repeat(t.length - 8)}${t.slice(-4)}`;
}

const IDENTIFIER_FIELDS = ['idNumber', 'phone', 'phone2', 'emergencyPhone'];

/**
 * Starts writing the report and returns its stream at once; errors end the stream with an error.
 * Identifiers (the columns mapped to ID number and phones) are in clear only for `clear` — the
 * uploader, who gave us them; officers above see them masked, as everywhere else.
 */
export function errorReport(
  db: Kysely<Database>,
  pii: PiiCipher,
  job: ImportRow,
  clear: boolean,
): PassThrough {
  const hidden = new Set(
    clear
      ? []
      : Object.entries(job.mapping ?? {})
          .filter(([f]) => IDENTIFIER_FIELDS.includes(f))
          .map(([, h]) => h),
  );
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('错误行', { views: [{ state: 'frozen', ySplit: 1 }] });
  const write = async (): Promise<void> => {
    let headers: string[] | null = null;
    let after = 0;
    for (;;) {
      const page = await errorsAfter(db, job, after, PAGE);
      for (const error of page) {
        const cells = cellsOf(pii, error.raw);
        if (!headers) {
          headers = cells.map(([h]) => h);
          // Widths before the first row: the streaming writer emits <cols> with it.
          sheet.columns = [{ width: 8 }, { width: 60 }, ...headers.map(() => ({ width: 16 }))];
          const head = sheet.addRow(['行号', '错误原因', ...headers]);
          head.font = { bold: true };
          head.commit();
        }
        const byHeader = new Map(cells.map(([h, v]) => [h, hidden.has(h) ? mask(v) : v]));
        sheet
          .addRow([
            error.row_number,
            reasonText(error.problems),
            ...headers.map((h) => byHeader.get(h) ?? ''),
          ])
          .commit();
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!.row_number;
      // Let a slow download catch up before reading the next page.
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    if (!headers) sheet.addRow(['行号', '错误原因']).commit();
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
