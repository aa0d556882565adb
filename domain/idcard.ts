/**
 * Resident ID numbers (GB 11643-1999) and phone numbers: normalising what people type or Excel
 * saves, validating, and masking. Pure functions, shared by the server and the web app.
 *
 * 18 characters: region (6) + birth date YYYYMMDD (8) + sequence (3, odd = male) + check character.
 * Legacy 15-digit numbers (region + YYMMDD + sequence, all born in the 1900s) are accepted and
 * converted to their 18-character form, as the public-security system itself did.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level region codes that exist (first two digits). 71 Taiwan, 81/82 HK/Macau permits. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83, 91,
]);

export type IdProblem = 'empty' | 'bad_format' | 'bad_region' | 'bad_date' | 'bad_check_digit';

export const ID_PROBLEM_MESSAGES: Record<IdProblem, { zh: string; en: string }> = {
  empty: { zh: '身份证号为空', en: 'the ID number is empty' },
  bad_format: {
    zh: '身份证号应为18位（17位数字加校验位）或15位数字',
    en: 'an ID number has 18 characters (17 digits and a check character) or 15 digits',
  },
  bad_region: { zh: '身份证号前两位不是有效的省级代码', en: 'the first two digits are not a province code' },
  bad_date: { zh: '身份证号中的出生日期不存在', en: 'the birth date inside the ID number is impossible' },
  bad_check_digit: { zh: '身份证号校验位错误', en: 'the check character is wrong' },
};

export interface ParsedId {
  ok: true;
  /** The canonical 18-character form (upper-case X). */
  value: string;
  birthDate: string;
  sex: 'M' | 'F';
  /** The 6-digit region of issue. */
  region: string;
  /** It was given in the legacy 15-digit form and converted. */
  converted: boolean;
}

export interface BadId {
  ok: false;
  problem: IdProblem;
  /** For bad_check_digit: the character that would have been right. */
  expected?: string;
}

/** Full-width digits and letters (from Chinese input methods) to ASCII; drops spaces and hyphens. */
export function normaliseIdInput(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/[\s\u3000\-–—'"]/g, '')
    .toUpperCase();
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return day <= days[month - 1]!;
}

/**
 * Validates an ID number as typed or imported. `today` bounds the birth date (no one is born in
 * the future, nor before 1880).
 */
export function parseIdNumber(input: string, today: Date = new Date()): ParsedId | BadId {
  const raw = normaliseIdInput(input);
  if (raw === '') return { ok: false, problem: 'empty' };
  let id = raw;
  let converted = false;
  if (/^\d{15}$/.test(raw)) {
    const first17 = `${raw.slice(0, 6)}19${raw.slice(6)}`;
    id = first17 + checkCharacter(first17);
    converted = true;
  } else if (!/^\d{17}[\dX]$/.test(raw)) {
    return { ok: false, problem: 'bad_format' };
  }
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return { ok: false, problem: 'bad_region' };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const todayIso = today.toISOString().slice(0, 10);
  if (year < 1880 || !isRealDate(year, month, day) || birthDate > todayIso) {
    return { ok: false, problem: 'bad_date' };
  }
  const expected = checkCharacter(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, problem: 'bad_check_digit', expected };
  return {
    ok: true,
    value: id,
    birthDate,
    sex: Number(id[16]) % 2 === 1 ? 'M' : 'F',
    region: id.slice(0, 6),
    converted,
  };
}

/** An 18-character ID for a region, birth date (YYYY-MM-DD) and 3-digit sequence: for synthetic data. */
export function makeIdNumber(region: string, birthDate: string, sequence: number): string {
  const first17 = `${region}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** 131002********1234 — region kept (it says where, not who), birth date and sequence hidden. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

export type PhoneProblem = 'bad_phone';

/** Digits of a phone number as typed: drops spaces, hyphens, a +86/0086 prefix; keeps a landline's area code. */
export function normalisePhone(input: string): string {
  let s = normaliseIdInput(input).replace(/[()（）]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  return s;
}

/** Mobile (11 digits starting 1[3-9]) or landline with area code (0 + 2–3 digits, then 7–8 digits). */
export function parsePhone(input: string): { ok: true; value: string; mobile: boolean } | { ok: false } {
  const s = normalisePhone(input);
  if (/^1[3-9]\d{9}$/.test(s)) return { ok: true, value: s, mobile: true };
  if (/^0\d{9,11}$/.test(s)) return { ok: true, value: s, mobile: false };
  return { ok: false };
}

/** 138****5678 for mobiles; a landline keeps its area code and last 4 digits. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length <= 4) return '*'.repeat(phone.length);
  const area = phone.startsWith('010') || phone.startsWith('02') ? 3 : 4;
  return `${phone.slice(0, area)}${'*'.repeat(Math.max(0, phone.length - area - 4))}${phone.slice(-4)}`;
}

/** Age in whole years on `on` (YYYY-MM-DD) of someone born on `birthDate` (YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A name as shown to people who need not know it: 王*伟, 王*, 欧**明. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
