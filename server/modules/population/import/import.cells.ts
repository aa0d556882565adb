/**
 * A cell as the readers deliver it, before any field rule applies. Keeping what Excel stored (a
 * number, a date, a formula without result) lets validation say exactly what went wrong — "Excel
 * rounded this ID number" — instead of guessing from a string.
 */

export type Cell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  /** An Excel date (a number in a date format), as YYYY-MM-DD (time of day dropped). */
  | { kind: 'date'; iso: string }
  | { kind: 'bool'; value: boolean }
  /** A formula whose result the file does not hold (written by a program, never opened in Excel). */
  | { kind: 'formula'; formula: string }
  /** #N/A, #REF! … */
  | { kind: 'error'; code: string };

export const EMPTY: Cell = { kind: 'empty' };

/** One row of a sheet or CSV: its number as the user sees it (1-based) and its cells by column. */
export interface SheetRow {
  rowNumber: number;
  cells: Cell[];
}

/** A number as Excel would show it in a General cell, without exponent for whole numbers. */
export function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value);
}

/** What a cell shows, for previews and the error report. */
export function cellText(cell: Cell): string {
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'text':
      return cell.text;
    case 'number':
      return numberText(cell.value);
    case 'date':
      return cell.iso;
    case 'bool':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'formula':
      return `=${cell.formula}`;
    case 'error':
      return cell.code;
  }
}

export function isBlank(cell: Cell | undefined): boolean {
  return !cell || cell.kind === 'empty' || (cell.kind === 'text' && cell.text.trim() === '');
}

const DAY_MS = 86_400_000;
/** Day 0 of Excel's 1900 date system is 1899-12-31, but it counts a 29 Feb 1900 that never was. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** An Excel serial day number as YYYY-MM-DD, or null when it is no plausible date. */
export function serialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1) || serial > 2_958_465) return null;
  const days = Math.floor(serial);
  // Serials below 61 lie before the phantom 29 Feb 1900: one day later than the 1899-12-30 epoch says.
  const ms = date1904 ? EPOCH_1904 + days * DAY_MS : EPOCH_1900 + (days < 61 ? days + 1 : days) * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Built-in number formats that are dates (ECMA-376 §18.8.30, plus the East Asian ids 27–36 and
 * 50–58 that zh-CN Excel uses for 年月日 formats).
 */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Whether a number format shows dates: a built-in date id, or a custom code with y/m/d/h/s. */
export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return DATE_FORMAT_IDS.has(id);
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[ymdhs年月日]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}
