/**
 * Reading an exposure file (exposure.ingest.ts loads it): lines of a streamed body (UTF-8, or
 * GB18030 when told or when the first bytes are not UTF-8) with a running SHA-256, the header in
 * Chinese or English, and each row checked in JS — ID number or phone (validated and HMAC-hashed
 * once per distinct value), venue code, or H3 cell / position at the edition's resolution, China
 * time — into compact staging text (row number, person key, place, epoch ms). Problems are kept by
 * line: the first MAX_PROBLEMS, with exact counts. Nothing here touches the database.
 */
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import { parseIdNumber, parsePhone } from '../../../domain/idcard.js';
import type { RequestContext } from '../../platform/context.js';
import { normaliseHeader } from '../testing/lab.upload.js';
import { cellOf, cellToDb, parseCell, validLatLng } from './cells.js';

export type ExposureKind = 'venue' | 'ping';

export interface ExposureProblem {
  row: number;
  field: string | null;
  message: string;
  code: string;
  warning?: boolean;
}

export const MAX_PROBLEMS = 200;
/** A device or carrier clock a little ahead of ours is tolerated; later times are refused. */
const CLOCK_SKEW_MS = 10 * 60_000;
const CST_MS = 8 * 3600_000;

// ---- Problems ------------------------------------------------------------------------------------

export type Code =
  | 'bad_row'
  | 'no_person'
  | 'bad_id'
  | 'bad_phone'
  | 'unknown_person'
  | 'ambiguous_phone'
  | 'no_venue'
  | 'unknown_venue'
  | 'bad_time'
  | 'future_time'
  | 'bad_cell'
  | 'bad_position'
  | 'duplicate'
  | 'already_loaded'
  | 'out_of_order';

const MESSAGES: Record<Code, (detail: string) => string> = {
  bad_row: (d) => `无法读取此行 (unreadable line: ${d})`,
  no_person: () => '缺少身份证号或手机号 (no ID number or phone)',
  bad_id: () => '不是有效的身份证号 (not a valid ID number)',
  bad_phone: () => '不是有效的手机号 (not a valid phone number)',
  unknown_person: () => '人口库中无此人 (no such person in the population base)',
  ambiguous_phone: () => '此手机号对应多人，无法确定是谁 (this phone belongs to several people)',
  no_venue: () => '缺少场所码 (no venue code)',
  unknown_venue: () => '无此场所码 (no such venue code)',
  bad_time: () => '时间无法识别 (not a date-time; e.g. 2022-03-10 08:05:00, China time)',
  future_time: () => '时间晚于当前时间 (the time lies in the future)',
  bad_cell: (d) => `不是有效的网格编码（H3，${d}级或更细）(not an H3 cell at resolution ${d} or finer)`,
  bad_position: () => '经纬度无效 (not a latitude/longitude)',
  duplicate: (d) => `与第${d}行重复：同一人、同一地点、同一时间 (same person, place and time as line ${d})`,
  already_loaded: () => '此记录已由之前的文件载入 (already loaded from an earlier file)',
  out_of_order: (d) =>
    `时间早于此人的上一行（第${d}行），已载入 (earlier than this person's previous row, line ${d}; loaded)`,
};

const FIELD_OF: Record<Code, string | null> = {
  bad_row: null,
  no_person: 'id_number',
  bad_id: 'id_number',
  bad_phone: 'phone',
  unknown_person: 'id_number',
  ambiguous_phone: 'phone',
  no_venue: 'venue_code',
  unknown_venue: 'venue_code',
  bad_time: 'time',
  future_time: 'time',
  bad_cell: 'cell',
  bad_position: 'lat',
  duplicate: null,
  already_loaded: null,
  out_of_order: 'time',
};

export function problem(row: number, code: Code, detail = '', field?: string | null): ExposureProblem {
  const p: ExposureProblem = {
    row,
    field: field === undefined ? FIELD_OF[code] : field,
    message: MESSAGES[code](detail),
    code,
  };
  if (code === 'out_of_order') p.warning = true;
  return p;
}

/** The first MAX_PROBLEMS problems in line order, with exact counts beside them. */
export class ProblemLog {
  readonly list: ExposureProblem[] = [];
  skipped = 0;
  warnings = 0;

  add(p: ExposureProblem): void {
    if (p.warning) this.warnings++;
    else this.skipped++;
    // Rows arrive in line order, so the first problems are the first ones pushed.
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
  }

  /** Problems found later (in SQL) for rows anywhere in the file. */
  merge(more: ExposureProblem[]): void {
    // A late row found to be a duplicate was skipped after all: its out-of-order warning goes.
    const skipped = new Set(more.filter((p) => !p.warning).map((p) => p.row));
    const kept = this.list.filter((p) => !(p.warning && skipped.has(p.row)));
    this.warnings -= this.list.length - kept.length;
    this.list.length = 0;
    this.list.push(...kept, ...more);
    this.list.sort((a, b) => a.row - b.row);
    this.list.length = Math.min(this.list.length, MAX_PROBLEMS);
  }
}

// ---- Reading the CSV -----------------------------------------------------------------------------

export type Column = 'idNumber' | 'phone' | 'venue' | 'time' | 'cell' | 'lat' | 'lng';

/** Header names (compared without case, spaces and punctuation). */
const HEADERS: Record<Column, readonly string[]> = {
  idNumber: ['身份证号', '身份证号码', '证件号码', '证件号', 'idnumber', 'idno', 'idcard', 'id'],
  phone: ['手机号', '手机号码', '电话', '电话号码', '联系电话', 'phone', 'mobile', 'msisdn'],
  venue: ['场所码', '场所编码', '场所编号', '场所', 'venuecode', 'venue'],
  time: ['时间', '扫码时间', '定位时间', '出现时间', 'time', 'at', 'scannedat', 'timestamp', 'datetime'],
  cell: ['网格', '网格编码', '网格码', 'h3', 'cell', 'h3cell', 'h3index'],
  lat: ['纬度', 'lat', 'latitude'],
  lng: ['经度', 'lng', 'lon', 'long', 'longitude'],
};

export class ExposureFileError extends Error {}

export function mapHeader(cells: string[], kind: ExposureKind): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  cells.forEach((text, i) => {
    const key = normaliseHeader(text).replace(/\//g, '');
    for (const column of Object.keys(HEADERS) as Column[]) {
      if (columns[column] === undefined && HEADERS[column].includes(key)) columns[column] = i;
    }
  });
  const lacking: string[] = [];
  if (columns.idNumber === undefined && columns.phone === undefined)
    lacking.push('身份证号/id_number (or 手机号/phone)');
  if (columns.time === undefined) lacking.push('时间/time');
  if (kind === 'venue' && columns.venue === undefined) lacking.push('场所码/venue_code');
  if (
    kind === 'ping' &&
    columns.cell === undefined &&
    (columns.lat === undefined || columns.lng === undefined)
  )
    lacking.push('网格/cell (or 纬度/lat + 经度/lng)');
  if (lacking.length > 0)
    throw new ExposureFileError(
      `the header row lacks ${lacking.join(', ')}; found: ${cells.filter(Boolean).join(', ') || '(nothing)'}`,
    );
  return columns;
}

/** One line into cells: a plain split unless it has quotes (RFC 4180 within the line). */
export function splitLine(line: string, sep: string): string[] | null {
  if (!line.includes('"')) return line.split(sep);
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let text = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return null;
        text += line.slice(j, q);
        if (line[q + 1] === '"') {
          text += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(text);
      if (j < line.length && line[j] !== sep) return null;
      i = j + 1;
    } else {
      const end = line.indexOf(sep, i);
      out.push(end < 0 ? line.slice(i) : line.slice(i, end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

/** Consecutive lines of the file, the first of them numbered `first` (1-based). */
export interface Lines {
  first: number;
  texts: string[];
}

/** Decoded lines of the body with their numbers; the digest is ready once the lines are consumed. */
export function lineReader(body: AsyncIterable<Buffer>, charset: string | undefined) {
  const sha = crypto.createHash('sha256');
  let digest: string | null = null;
  async function* batches(): AsyncGenerator<Lines> {
    let decode: ((b: Buffer, last: boolean) => string) | null = null;
    let rest = '';
    let n = 0;
    const pick = (first: Buffer) => {
      let name = charset?.toLowerCase();
      if (!name) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(first.subarray(0, 4096), { stream: true });
          name = 'utf-8';
        } catch {
          name = 'gb18030';
        }
      }
      if (name === 'utf-8' || name === 'utf8') {
        const d = new TextDecoder('utf-8');
        return (b: Buffer, last: boolean) => d.decode(b, { stream: !last });
      }
      const d = iconv.getDecoder(iconv.encodingExists(name) ? name : 'gb18030');
      return (b: Buffer, last: boolean) => (last ? (d.end() ?? '') : d.write(b));
    };
    const cut = function* (text: string, last: boolean): Generator<Lines> {
      const texts = (rest + text).split('\n');
      rest = last ? '' : texts.pop()!;
      if (texts.length === 0) return;
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i]!;
        if (t.endsWith('\r')) texts[i] = t.slice(0, -1);
      }
      yield { first: n + 1, texts };
      n += texts.length;
    };
    for await (const chunk of body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      sha.update(buf);
      decode ??= pick(buf);
      yield* cut(decode(buf, false), false);
    }
    yield* cut(decode ? decode(Buffer.alloc(0), true) : '', true);
    digest = sha.digest('hex');
  }
  return { batches: batches(), digest: () => digest };
}

// ---- Checking rows -------------------------------------------------------------------------------

const TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

/** Epoch ms of a time as files write it (naive: China time), or NaN. */
export function parseExposureTime(text: string): number {
  const m = TIME.exec(text);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const h = Number(m[4]);
    const mi = Number(m[5]);
    const s = m[6] ? Number(m[6]) : 0;
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
    // 31 April is no date (checked only past the 28th: every month has those).
    if (d > 28 && d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return NaN;
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    return Date.UTC(y, mo - 1, d, h, mi, s, ms) - CST_MS;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return NaN;
  return Date.parse(text);
}

/**
 * parseExposureTime for a file's millions of rows: the common `YYYY-MM-DD HH:MM:SS` is read as its
 * minute (parsed once per distinct minute, a day has 1,440) plus the seconds' two digits.
 */
class TimeReader {
  private readonly minutes = new Map<string, number>();

  read(text: string): number {
    if (text.length === 19 && text.charCodeAt(16) === 58 /* : */) {
      const tens = text.charCodeAt(17) - 48;
      const units = text.charCodeAt(18) - 48;
      if (tens >= 0 && tens <= 5 && units >= 0 && units <= 9) {
        const minute = text.slice(0, 16);
        let at = this.minutes.get(minute);
        if (at === undefined) {
          at = parseExposureTime(`${minute}:00`);
          if (this.minutes.size < 100_000) this.minutes.set(minute, at);
        }
        return at + (tens * 10 + units) * 1000;
      }
    }
    return parseExposureTime(text);
  }
}

/** A person as seen in this file: their key in the staging tables and their last row. */
interface Who {
  key: number;
  lastAt: number;
  lastRow: number;
  /** The place (venue or cell key) of the person's row at lastAt … */
  lastPlace: number;
  /** … and, rarely, more rows at that same time: [place, row] pairs. A city's file holds ~1 M people. */
  more: number[] | null;
}

export interface Staging {
  rows: string[];
  people: string[];
  venues: string[];
}

export class RowChecker {
  private readonly whoByRaw = new Map<string, Who | Code>();
  private readonly whoByValue = new Map<string, Who>();
  private readonly venueKeys = new Map<string, number>();
  private readonly cells = new Map<string, { key: number; db: string } | null>();
  private readonly times = new TimeReader();
  private nextPerson = 0;
  private nextPlace = 0;
  outOfOrder = 0;
  staged = 0;

  constructor(
    private readonly ctx: RequestContext,
    private readonly kind: ExposureKind,
    private readonly columns: Partial<Record<Column, number>>,
    private readonly resolution: number,
    private readonly log: ProblemLog,
    private readonly now: number,
  ) {}

  private person(cells: string[], out: Staging): Who | Code {
    const { idNumber, phone } = this.columns;
    let raw = idNumber === undefined ? '' : (cells[idNumber] ?? '').trim();
    let byPhone = false;
    if (raw === '') {
      raw = phone === undefined ? '' : (cells[phone] ?? '').trim();
      byPhone = true;
      if (raw === '') return 'no_person';
    }
    const cacheKey = byPhone ? `p${raw}` : raw;
    const known = this.whoByRaw.get(cacheKey);
    if (known !== undefined) return known;
    let value: string | null;
    if (byPhone) {
      const p = parsePhone(raw);
      value = p.ok ? p.value : null;
    } else {
      const id = parseIdNumber(raw);
      value = id.ok ? id.value : null;
    }
    if (value === null) {
      const code: Code = byPhone ? 'bad_phone' : 'bad_id';
      this.whoByRaw.set(cacheKey, code);
      return code;
    }
    const valueKey = byPhone ? `p${value}` : value;
    let who = this.whoByValue.get(valueKey);
    if (!who) {
      who = { key: this.nextPerson++, lastAt: -Infinity, lastRow: 0, lastPlace: -1, more: null };
      this.whoByValue.set(valueKey, who);
      out.people.push(
        `${who.key}\t${byPhone ? 't' : 'f'}\t\\\\x${this.ctx.pii.hash(value).toString('hex')}\n`,
      );
    }
    this.whoByRaw.set(cacheKey, who);
    return who;
  }

  private venue(cells: string[], out: Staging): { key: number; db: string } | Code {
    const code = (cells[this.columns.venue!] ?? '').trim();
    if (code === '') return 'no_venue';
    let key = this.venueKeys.get(code);
    if (key === undefined) {
      // A code with characters no venue code has cannot match one: unknown, without a lookup.
      if (!/^[0-9A-Za-z_.:-]{1,64}$/.test(code)) return 'unknown_venue';
      key = this.nextPlace++;
      this.venueKeys.set(code, key);
      out.venues.push(`${key}\t${code}\n`);
    }
    return { key, db: String(key) };
  }

  /** Which column a bad position came from (lat or lng), for the problem's field. */
  private badField: string | undefined;

  private cell(cells: string[]): { key: number; db: string } | Code {
    const { cell, lat, lng } = this.columns;
    const text = cell === undefined ? '' : (cells[cell] ?? '').trim();
    let hex: string | null;
    if (text !== '') {
      const known = this.cells.get(text);
      if (known !== undefined) return known ?? 'bad_cell';
      hex = parseCell(text, this.resolution);
      if (!hex) {
        if (this.cells.size < 1_000_000) this.cells.set(text, null);
        return 'bad_cell';
      }
    } else {
      if (lat === undefined || lng === undefined) return 'bad_cell';
      const la = Number((cells[lat] ?? '').trim() || NaN);
      const ln = Number((cells[lng] ?? '').trim() || NaN);
      if (!validLatLng(la, ln)) {
        this.badField = validLatLng(la, 0) ? 'lng' : 'lat';
        return 'bad_position';
      }
      hex = cellOf(la, ln, this.resolution);
    }
    let entry = this.cells.get(hex);
    if (!entry) {
      entry = { key: this.nextPlace++, db: cellToDb(hex) };
      this.cells.set(hex, entry);
    }
    if (text !== '' && text !== hex && this.cells.size < 1_000_000) this.cells.set(text, entry);
    return entry;
  }

  /** Checks one line; a good row is appended to the staging text. */
  check(row: number, cells: string[], out: Staging): void {
    const who = this.person(cells, out);
    if (typeof who === 'string') {
      this.log.add(problem(row, who));
      return;
    }
    const place = this.kind === 'venue' ? this.venue(cells, out) : this.cell(cells);
    if (typeof place === 'string') {
      this.log.add(
        problem(row, place, String(this.resolution), place === 'bad_position' ? this.badField : undefined),
      );
      return;
    }
    const at = this.times.read((cells[this.columns.time!] ?? '').trim());
    if (!Number.isFinite(at)) {
      this.log.add(problem(row, 'bad_time'));
      return;
    }
    if (at > this.now + CLOCK_SKEW_MS) {
      this.log.add(problem(row, 'future_time'));
      return;
    }
    let late = false;
    if (at === who.lastAt) {
      let first = who.lastPlace === place.key ? who.lastRow : -1;
      for (let i = 0; first < 0 && who.more && i < who.more.length; i += 2) {
        if (who.more[i] === place.key) first = who.more[i + 1]!;
      }
      if (first >= 0) {
        this.log.add(problem(row, 'duplicate', String(first)));
        return;
      }
      (who.more ??= []).push(place.key, row);
    } else if (at > who.lastAt) {
      who.lastAt = at;
      who.lastRow = row;
      who.lastPlace = place.key;
      who.more = null;
    } else {
      late = true;
      this.outOfOrder++;
      this.log.add(problem(row, 'out_of_order', String(who.lastRow)));
    }
    this.staged++;
    out.rows.push(`${row}\t${who.key}\t${place.db}\t${at}\t${late ? 't' : 'f'}\n`);
  }
}
