/**
 * A stored ledger file as a table: which row holds the headers (a title row above them is common),
 * the headers made unique, the data rows after them, and the mapping of columns to fields we
 * suggest. Deterministic: the same file always gives the same headers and rows, so an import can
 * be resumed by counting rows.
 */
import { parseIdNumber, parsePhone } from '../../../../domain/idcard.js';
import { type Cell, type SheetRow, cellText, isBlank } from './import.cells.js';
import { type CsvEncoding, readCsvRows } from './import.csv.js';
import { IMPORT_FIELDS, type ImportField, fieldOfHeader } from './import.fields.js';
import { readXlsxRows } from './import.xlsx.js';

export type ImportFormat = 'xlsx' | 'csv';

export interface FileKind {
  format: ImportFormat;
  encoding: CsvEncoding | null;
}

export interface Table {
  headers: string[];
  /** The sheet row of the headers (1 unless a title sits above them). */
  headerRow: number;
  /** The data rows after the header row. */
  rows: AsyncGenerator<SheetRow>;
}

/** Rows searched for the header row. */
const HEADER_SEARCH = 10;

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function sheetRows(file: string, kind: FileKind, scratch: string, onDimension?: (rows: number) => void) {
  return kind.format === 'xlsx'
    ? readXlsxRows(file, { scratch, ...(onDimension ? { onDimension } : {}) })
    : readCsvRows(file, kind.encoding ?? 'utf-8');
}

const headerScore = (row: SheetRow): number =>
  row.cells.filter((c) => c.kind === 'text' && fieldOfHeader(c.text) !== undefined).length;

/** Header texts, unique and non-empty: "（第C列）" for a blank one, "电话（2）" for a repeated one. */
export function headersOf(row: SheetRow): string[] {
  const texts = row.cells.map((c) =>
    cellText(c)
      .replace(/[\r\n]+/g, '')
      .trim(),
  );
  while (texts.length > 0 && texts.at(-1) === '') texts.pop();
  const seen = new Map<string, number>();
  return texts.map((text, i) => {
    const base = text === '' ? `（第${columnLetter(i)}列）` : text;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}（${n}）`;
  });
}

/**
 * Opens the file and finds its header row: of the first rows, the one naming the most known
 * columns (at least two), else the first non-blank row. Null for a file with no non-blank row.
 */
export async function openTable(
  file: string,
  kind: FileKind,
  scratch: string,
  onDimension?: (rows: number) => void,
): Promise<Table | null> {
  const source = sheetRows(file, kind, scratch, onDimension);
  const lookahead: SheetRow[] = [];
  let nonBlank = 0;
  while (nonBlank < HEADER_SEARCH) {
    const next = await source.next();
    if (next.done) break;
    lookahead.push(next.value);
    if (!next.value.cells.every((c) => isBlank(c))) nonBlank++;
  }
  const candidates = lookahead.filter((r) => !r.cells.every((c) => isBlank(c)));
  if (candidates.length === 0) {
    await source.return(undefined);
    return null;
  }
  let header = candidates[0]!;
  for (const row of candidates) if (headerScore(row) > Math.max(1, headerScore(header))) header = row;
  const after = lookahead.slice(lookahead.indexOf(header) + 1);
  async function* rows(): AsyncGenerator<SheetRow> {
    yield* after;
    yield* source;
  }
  return { headers: headersOf(header), headerRow: header.rowNumber, rows: rows() };
}

const looksLike = (cells: Cell[], test: (text: string) => boolean): boolean => {
  const filled = cells.filter((c) => !isBlank(c));
  return filled.length > 0 && filled.filter((c) => test(cellText(c))).length / filled.length >= 0.6;
};

/**
 * Columns by field: exact template headers and known synonyms first; an unmapped ID or phone
 * column is then recognised by its contents in the preview rows.
 */
export function suggestMapping(headers: string[], preview: SheetRow[]): Partial<Record<ImportField, string>> {
  const mapping: Partial<Record<ImportField, string>> = {};
  for (const header of headers) {
    const field = fieldOfHeader(header);
    if (field && !mapping[field]) mapping[field] = header;
  }
  const taken = new Set(Object.values(mapping));
  const byContent: Array<[ImportField, (text: string) => boolean]> = [
    ['idNumber', (t) => parseIdNumber(t).ok],
    ['phone', (t) => parsePhone(t).ok],
  ];
  for (const [field, test] of byContent) {
    if (mapping[field]) continue;
    const index = headers.findIndex(
      (h, i) =>
        !taken.has(h) &&
        looksLike(
          preview.map((r) => r.cells[i] ?? { kind: 'empty' }),
          test,
        ),
    );
    if (index >= 0) {
      mapping[field] = headers[index]!;
      taken.add(headers[index]!);
    }
  }
  return Object.fromEntries(IMPORT_FIELDS.filter((f) => mapping[f]).map((f) => [f, mapping[f]!]));
}

/** A data row as { header: shown text }, for previews and the error report. */
export function rowRecord(headers: string[], row: SheetRow): Array<[string, string]> {
  return headers.map((h, i) => [h, cellText(row.cells[i] ?? { kind: 'empty' })]);
}
