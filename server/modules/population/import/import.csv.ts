/**
 * CSV as Excel and WPS save it: UTF-8 (with or without BOM), GBK/GB18030, or "Unicode text"
 * (UTF-16 with BOM, tab-separated). Streamed: one record at a time, whatever the file's size.
 * RFC 4180 quoting (doubled quotes, separators and line breaks inside quotes), CRLF or LF.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import type { SheetRow } from './import.cells.js';

export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** A quoted field this long means a quote was never closed: stop instead of reading the file into one cell. */
const MAX_FIELD = 1 << 20;
const MAX_COLUMNS = 2000;

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The separator of a header line: whichever of comma, tab and semicolon occurs most outside quotes. */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > counts.get(best)!) best = ch;
  return best;
}

/**
 * Splits decoded text chunks into records. A state machine over characters, so a record may span
 * any number of chunks; memory holds one record.
 */
export async function* parseCsv(chunks: AsyncIterable<string>, delimiter?: string): AsyncGenerator<SheetRow> {
  let sep = delimiter;
  let field = '';
  let record: string[] = [];
  let quoted = false;
  /** Just saw a quote inside a quoted field: either its end or the first of a doubled quote. */
  let quoteSeen = false;
  let afterCr = false;
  let line = 1;
  let recordLine = 1;
  let rowNumber = 0;
  let first = true;
  let pendingHead = '';

  const endRecord = (): SheetRow => {
    record.push(field);
    const row: SheetRow = {
      rowNumber: ++rowNumber,
      cells: record.map((text) => (text === '' ? { kind: 'empty' } : { kind: 'text', text })),
    };
    field = '';
    record = [];
    recordLine = line;
    return row;
  };

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (chunk === '') continue;
      first = false;
    }
    if (sep === undefined) {
      // The separator comes from the first line; wait until it is complete (or long enough).
      pendingHead += chunk;
      const end = pendingHead.search(/[\r\n]/);
      if (end < 0 && pendingHead.length < 65_536) continue;
      sep = detectDelimiter(end < 0 ? pendingHead : pendingHead.slice(0, end));
      chunk = pendingHead;
      pendingHead = '';
    }
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (afterCr) {
        afterCr = false;
        if (ch === '\n') {
          start = i + 1;
          continue;
        }
      }
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (ch === '"') {
            field += '"';
            start = i + 1;
            continue;
          }
          quoted = false; // the quote closed the field; this character is handled below
        } else {
          if (ch === '"') {
            field += chunk.slice(start, i);
            quoteSeen = true;
            start = i + 1;
          } else if (ch === '\n') line++;
          if (field.length + (i - start) > MAX_FIELD) {
            throw new CsvError(`第${recordLine}行起的引号没有闭合（或单元格超过1MB）`, recordLine);
          }
          continue;
        }
      }
      if (ch === '"' && field === '' && i === start) {
        quoted = true;
        start = i + 1;
      } else if (ch === sep) {
        record.push(field + chunk.slice(start, i));
        field = '';
        start = i + 1;
        if (record.length > MAX_COLUMNS)
          throw new CsvError(`第${recordLine}行超过${MAX_COLUMNS}列`, recordLine);
      } else if (ch === '\n' || ch === '\r') {
        field += chunk.slice(start, i);
        line++;
        afterCr = ch === '\r';
        yield endRecord();
        start = i + 1;
      }
    }
    field += chunk.slice(start);
    if (field.length > MAX_FIELD) throw new CsvError(`第${recordLine}行的单元格超过1MB`, recordLine);
  }
  if (pendingHead !== '') {
    // A file of one line without a line break.
    yield* parseCsv(
      (async function* () {
        yield pendingHead;
      })(),
      detectDelimiter(pendingHead),
    );
    return;
  }
  if (quoted && !quoteSeen) throw new CsvError(`第${recordLine}行起的引号没有闭合`, recordLine);
  if (field !== '' || record.length > 0) yield endRecord();
}

/** Decoded text of a file, chunk by chunk (BOMs removed by the decoder). */
export async function* decodeFile(file: string, encoding: CsvEncoding, start = 0): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(encoding === 'utf-8' ? 'utf8' : encoding);
  for await (const chunk of fs.createReadStream(file, { start, highWaterMark: 256 * 1024 })) {
    const text = decoder.write(chunk as Buffer);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export function readCsvRows(file: string, encoding: CsvEncoding): AsyncGenerator<SheetRow> {
  return parseCsv(decodeFile(file, encoding));
}
