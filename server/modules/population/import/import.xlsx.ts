/**
 * A streaming .xlsx reader: one row at a time from the zip, in bounded memory.
 *
 * Why not exceljs's stream.xlsx.WorkbookReader (exceljs 4.4): it decodes each compressed chunk to
 * text on its own, so a Chinese character split across two chunks becomes "��" — silently, in
 * names and addresses (exceljs issues #2063, #2084; fixes unmerged). It also copies every sheet to a
 * temp file and keeps all shared strings in memory. Here the zip's central directory lets us read
 * the parts in the order we need (workbook, styles, shared strings, then the one sheet straight
 * from the zip), text is decoded with a streaming decoder, and shared strings go to a scratch file
 * indexed by offset (4 bytes per string in memory).
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { type Cell, EMPTY, type SheetRow, isDateFormat, serialToIso } from './import.cells.js';

export class XlsxError extends Error {}

/** The sheet the template fills; otherwise the first visible sheet. */
export const DATA_SHEET = '人员信息';

type Entry = yauzl.Entry;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true }, (error, zip) =>
      error ? reject(new XlsxError(`不是有效的 .xlsx 文件（${error.message}）`)) : resolve(zip),
    ),
  );
}

async function listEntries(zip: yauzl.ZipFile): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName.replace(/^\/+/, '').toLowerCase(), entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

function openEntry(zip: yauzl.ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

type Handlers = {
  open?: (tag: SaxesTagPlain, name: string) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
};

/** Local name of a tag: some writers prefix every element (x:row). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

function saxParser(handlers: Handlers): SaxesParser {
  const parser = new SaxesParser({ position: false });
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (tag) => open(tag as SaxesTagPlain, local(tag.name)));
  }
  if (handlers.text) parser.on('text', handlers.text);
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag) => close(local(tag.name)));
  }
  return parser;
}

/**
 * Feeds an entry's XML through SAX with a streaming UTF-8 decoder, yielding after each chunk so the
 * caller can hand out what the chunk produced.
 */
async function* feed(zip: yauzl.ZipFile, entry: Entry, parser: SaxesParser): AsyncGenerator<void> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of await openEntry(zip, entry)) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    yield;
  }
  parser.write(decoder.decode());
  parser.close();
}

async function parseWhole(zip: yauzl.ZipFile, entry: Entry | undefined, handlers: Handlers): Promise<void> {
  if (!entry) return;
  for await (const _ of feed(zip, entry, saxParser(handlers))) {
    // consumed for its side effects on the handlers
  }
}

/** Shared strings in a scratch file: offsets in memory, text on disk, a small cache in front. */
class StringStore {
  private readonly fd: number;
  private ends = new Uint32Array(1 << 16);
  private count = 0;
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly cache = new Map<number, string>();

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'w+', 0o600);
  }

  add(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    if (this.size + bytes.length > 0xffff_ffff) throw new XlsxError('共享字符串超过 4 GB，文件过大');
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.size += bytes.length;
    this.ends[this.count++] = this.size;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.pendingBytes === 0) return;
    const all = Buffer.concat(this.pending);
    let done = 0;
    while (done < all.length)
      done += fs.writeSync(this.fd, all, done, all.length - done, this.size - this.pendingBytes + done);
    this.pending = [];
    this.pendingBytes = 0;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const cached = this.cache.get(index);
    if (cached !== undefined) return cached;
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    const length = this.ends[index]! - start;
    const buffer = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) read += fs.readSync(this.fd, buffer, read, length - read, start + read);
    const text = buffer.toString('utf8');
    // Repeated values (village names, 男/女, 户主) hit the cache; it is cleared rather than aged.
    if (this.cache.size >= 4096) this.cache.clear();
    this.cache.set(index, text);
    return text;
  }

  close(): void {
    fs.closeSync(this.fd);
    fs.rmSync(this.file, { force: true });
  }
}

function columnIndex(ref: string | undefined): number | null {
  const letters = ref ? /^[A-Z]+/i.exec(ref)?.[0] : undefined;
  if (!letters) return null;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

interface WorkbookParts {
  sheetPath: string;
  date1904: boolean;
}

async function readWorkbook(zip: yauzl.ZipFile, entries: Map<string, Entry>): Promise<WorkbookParts> {
  const sheets: Array<{ name: string; rid: string; hidden: boolean }> = [];
  let date1904 = false;
  await parseWhole(zip, entries.get('xl/workbook.xml'), {
    open: (tag, name) => {
      if (name === 'sheet') {
        const attrs = tag.attributes;
        const rid = attrs['r:id'] ?? Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
        sheets.push({ name: attrs.name ?? '', rid, hidden: (attrs.state ?? 'visible') !== 'visible' });
      } else if (name === 'workbookPr') {
        date1904 = ['1', 'true'].includes(tag.attributes.date1904 ?? '');
      }
    },
  });
  const targets = new Map<string, string>();
  await parseWhole(zip, entries.get('xl/_rels/workbook.xml.rels'), {
    open: (tag, name) => {
      if (name === 'Relationship' && tag.attributes.Id && tag.attributes.Target) {
        targets.set(tag.attributes.Id, tag.attributes.Target);
      }
    },
  });
  const chosen =
    sheets.find((s) => s.name.trim() === DATA_SHEET) ??
    sheets.find((s) => !s.hidden && s.name.trim() !== '填写说明') ??
    sheets[0];
  const target = chosen ? targets.get(chosen.rid) : undefined;
  if (!chosen || !target) throw new XlsxError('工作簿中没有工作表');
  const sheetPath = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).toLowerCase();
  return { sheetPath, date1904 };
}

/** For each style index: whether its number format shows a date. */
async function readDateStyles(zip: yauzl.ZipFile, entry: Entry | undefined): Promise<boolean[]> {
  const formats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await parseWhole(zip, entry, {
    open: (tag, name) => {
      if (name === 'numFmt') formats.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(tag.attributes.numFmtId ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfFormats.map((id) => isDateFormat(id, formats.get(id)));
}

async function readSharedStrings(
  zip: yauzl.ZipFile,
  entry: Entry | undefined,
  store: StringStore,
): Promise<void> {
  let text = '';
  let inT = false;
  let phonetic = 0; // <rPh> holds pinyin/kana readings, not the cell's text
  await parseWhole(zip, entry, {
    open: (_tag, name) => {
      if (name === 'si') text = '';
      else if (name === 't') inT = phonetic === 0;
      else if (name === 'rPh') phonetic++;
    },
    text: (t) => {
      if (inT) text += t;
    },
    close: (name) => {
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') store.add(text);
    },
  });
  store.flush();
}

export interface XlsxOptions {
  /** Where the shared-strings scratch file goes (the imports directory). */
  scratch: string;
  /** Called with the sheet's row count from its <dimension>, before the first row, when the sheet has one. */
  onDimension?: (lastRow: number) => void;
}

/** The rows of the data sheet, in order, each with its sheet row number. */
export async function* readXlsxRows(file: string, options: XlsxOptions): AsyncGenerator<SheetRow> {
  const zip = await openZip(file);
  const store = new StringStore(options.scratch);
  try {
    const entries = await listEntries(zip);
    if (!entries.has('xl/workbook.xml')) throw new XlsxError('压缩包里没有 Excel 工作簿（xl/workbook.xml）');
    const { sheetPath, date1904 } = await readWorkbook(zip, entries);
    const dateStyles = await readDateStyles(zip, entries.get('xl/styles.xml'));
    await readSharedStrings(zip, entries.get('xl/sharedstrings.xml'), store);
    const sheet = entries.get(sheetPath);
    if (!sheet) throw new XlsxError(`工作表文件 ${sheetPath} 不存在`);

    const out: SheetRow[] = [];
    let row: SheetRow | null = null;
    let lastRow = 0;
    let col = -1;
    let c: {
      ref?: string;
      style: number;
      type: string;
      v: string | null;
      f: string | null;
      is: string;
    } | null = null;
    let into: 'v' | 'f' | 't' | null = null;
    let phonetic = 0;

    const finishCell = (): void => {
      if (!row || !c) return;
      col = columnIndex(c.ref) ?? col + 1;
      row.cells[col] = cellOf(c, store, dateStyles, date1904);
      c = null;
    };

    const parser = saxParser({
      open: (tag, name) => {
        const a = tag.attributes;
        switch (name) {
          case 'dimension': {
            const last = /(\d+)$/.exec(a.ref ?? '');
            if (last && options.onDimension) options.onDimension(Number(last[1]));
            break;
          }
          case 'row':
            lastRow = a.r ? Number(a.r) : lastRow + 1;
            row = { rowNumber: lastRow, cells: [] };
            col = -1;
            break;
          case 'c':
            c = { ref: a.r, style: Number(a.s ?? 0), type: a.t ?? 'n', v: null, f: null, is: '' };
            break;
          case 'v':
            if (c) {
              c.v = '';
              into = 'v';
            }
            break;
          case 'f':
            if (c) {
              c.f = '';
              into = 'f';
            }
            break;
          case 't':
            if (c && phonetic === 0) into = 't';
            break;
          case 'rPh':
            phonetic++;
            break;
        }
      },
      text: (t) => {
        if (!c || !into) return;
        if (into === 'v') c.v += t;
        else if (into === 'f') c.f += t;
        else c.is += t;
      },
      close: (name) => {
        switch (name) {
          case 'v':
          case 'f':
          case 't':
            into = null;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c':
            finishCell();
            break;
          case 'row':
            if (row) out.push(row);
            row = null;
            break;
        }
      },
    });
    for await (const _ of feed(zip, sheet, parser)) {
      // Hand out the rows this chunk completed.
      for (const r of out) yield withoutHoles(r);
      out.length = 0;
    }
    for (const r of out) yield withoutHoles(r);
  } catch (error) {
    // Damaged zips and malformed XML surface here from yauzl and saxes: say what it means.
    if (error instanceof XlsxError) throw error;
    throw new XlsxError(
      `文件已损坏或不是有效的 .xlsx（${error instanceof Error ? error.message : String(error)}）`,
    );
  } finally {
    store.close();
    zip.close();
  }
}

/** Cells Excel left out (empty ones) become EMPTY, so every index up to the last cell is set. */
function withoutHoles(row: SheetRow): SheetRow {
  for (let i = 0; i < row.cells.length; i++) row.cells[i] ??= EMPTY;
  return row;
}

function cellOf(
  c: { style: number; type: string; v: string | null; f: string | null; is: string },
  store: StringStore,
  dateStyles: boolean[],
  date1904: boolean,
): Cell {
  // A formula is read through its cached result (what Excel showed); without one there is nothing to read.
  if (c.f !== null && (c.v === null || c.v === '') && c.type !== 'inlineStr')
    return { kind: 'formula', formula: c.f };
  const v = c.v ?? '';
  switch (c.type) {
    case 's': {
      const text = store.get(Number(v));
      return text === undefined || text === '' ? EMPTY : { kind: 'text', text };
    }
    case 'inlineStr':
      return c.is === '' ? EMPTY : { kind: 'text', text: c.is };
    case 'str':
      return v === '' ? EMPTY : { kind: 'text', text: v };
    case 'b':
      return { kind: 'bool', value: v === '1' || v === 'true' };
    case 'e':
      return { kind: 'error', code: v };
    case 'd':
      return /^\d{4}-\d{2}-\d{2}/.test(v) ? { kind: 'date', iso: v.slice(0, 10) } : { kind: 'text', text: v };
    default: {
      if (v === '') return EMPTY;
      const value = Number(v);
      if (!Number.isFinite(value)) return { kind: 'text', text: v };
      if (dateStyles[c.style]) {
        const iso = serialToIso(value, date1904);
        if (iso) return { kind: 'date', iso };
      }
      return { kind: 'number', value };
    }
  }
}
