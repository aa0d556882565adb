/**
 * Mass testing (区域核酸检测): which pool a person's swab goes into, how much pooling saves, how many
 * sites and samplers a round needs, how fast results come back, and the codes and values that
 * samplers scan and labs report. Pure functions, shared by the server and the web app; the numbers
 * that are public-health rules come from the protocol edition (protocol.ts), not from here.
 */
import { normaliseIdInput } from './idcard.js';
import type { PoolGroup, PoolRule, Staffing, TestingRules } from './protocol.js';

export function poolFor(group: PoolGroup, rules: TestingRules): PoolRule {
  const { size, perHousehold } = rules.pooling[group];
  return { size, perHousehold };
}

/** Strictest first: a person's swab follows the strictest group they belong to. */
const STRICTNESS: readonly PoolGroup[] = ['isolation', 'close_contact', 'sealed', 'controlled', 'prevention'];

/**
 * The group whose pooling applies to a person in several groups: a close contact living in a
 * controlled zone goes single-tube, not 10:1. Throws on an empty list rather than guessing a zone —
 * the caller knows whether "no group" means the prevention zone or not tested at all.
 */
export function strictestGroup(groups: readonly PoolGroup[]): PoolGroup {
  let best: number | undefined;
  for (const g of groups) {
    const rank = STRICTNESS.indexOf(g);
    if (best === undefined || rank < best) best = rank;
  }
  if (best === undefined) throw new RangeError('strictestGroup needs at least one group');
  return STRICTNESS[best]!;
}

function checkPrevalence(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`prevalence must be between 0 and 1, got ${p}`);
}

function checkPoolSize(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`pool size must be a whole number ≥ 1, got ${k}`);
}

/**
 * Dorfman two-stage pooling: one test per pool of k, then everyone in a positive pool is retested
 * singly, so E(k, p) = 1/k + 1 − (1 − p)^k tests per person at prevalence p. A pool of 1 is just
 * one test each (there is no second stage).
 */
export function dorfmanTestsPerPerson(k: number, p: number): number {
  checkPoolSize(k);
  checkPrevalence(p);
  if (k === 1) return 1;
  return 1 / k + 1 - (1 - p) ** k;
}

/**
 * The pool size in 1..maxK with the fewest expected tests per person (≈ 1/√p). Near-ties go to the
 * smaller pool: a pool that saves nothing measurable is not worth its extra recall work, and above
 * p = 1 − 3^(−1/3) ≈ 30.7% no pool beats testing singly, so the answer is k = 1.
 */
export function dorfmanOptimum(p: number, maxK = 50): { k: number; testsPerPerson: number } {
  checkPrevalence(p);
  checkPoolSize(maxK);
  let best = { k: 1, testsPerPerson: 1 };
  for (let k = 2; k <= maxK; k++) {
    const e = dorfmanTestsPerPerson(k, p);
    if (e < best.testsPerPerson - 1e-12) best = { k, testsPerPerson: e };
  }
  return best;
}

export interface Prevalence {
  p: number;
  /** 'observed': positives / tested. 'upper-bound': no positive yet, so a cautious upper estimate. */
  basis: 'observed' | 'upper-bound';
}

/**
 * Prevalence among people tested (individuals, not tubes) for planning the next round's pooling.
 * With no positive the observed share 0 would advise the largest pool; the "rule of three" 3/n is
 * the 95% upper bound of a rate after 0 events in n, so planning stays on the safe side.
 */
export function prevalenceEstimate(positives: number, tested: number): Prevalence {
  if (!Number.isInteger(tested) || tested < 0) throw new RangeError(`tested must be a count, got ${tested}`);
  if (!Number.isInteger(positives) || positives < 0 || positives > tested) {
    throw new RangeError(`positives must be a count no greater than tested (${tested}), got ${positives}`);
  }
  // Nothing tested yet: assume 1%, the prevalence at which the protocol's 10:1 pooling still needs
  // only ≈ 0.2 tests per person — an assumption, flagged as an upper bound, until results arrive.
  if (tested === 0) return { p: 0.01, basis: 'upper-bound' };
  if (positives > 0) return { p: positives / tested, basis: 'observed' };
  return { p: Math.min(1, 3 / tested), basis: 'upper-bound' };
}

export interface PoolOption {
  k: number;
  testsPerPerson: number;
  /** Tubes for the first stage. */
  tubes: number;
  /** Pool tests plus single retests of everyone in a positive pool. */
  expectedTests: number;
  /** One PCR reaction per test: the reagent to order. */
  reagentTests: number;
}

function option(people: number, k: number, p: number): PoolOption {
  const testsPerPerson = dorfmanTestsPerPerson(k, p);
  const expectedTests = Math.round(people * testsPerPerson);
  return { k, testsPerPerson, tubes: Math.ceil(people / k), expectedTests, reagentTests: expectedTests };
}

/**
 * What each pool size would cost for a round of `people` at the prevalence seen so far. The
 * optimum is the theoretical Dorfman one and may be a size the protocol has not validated (11 at
 * 1%): it shows how far the allowed sizes are from the best, it is not a size to use.
 */
export function poolAdvice(input: {
  people: number;
  positives: number;
  tested: number;
  sizes?: readonly number[];
}): { prevalence: Prevalence; options: PoolOption[]; optimum: PoolOption } {
  const { people, sizes = [5, 10, 20] } = input;
  if (!Number.isInteger(people) || people < 0) throw new RangeError(`people must be a count, got ${people}`);
  const prevalence = prevalenceEstimate(input.positives, input.tested);
  const { p } = prevalence;
  return {
    prevalence,
    options: sizes.map((k) => option(people, k, p)),
    optimum: option(people, dorfmanOptimum(p).k, p),
  };
}

/**
 * Sites, samplers and tables for a round of `people`. Sites and tables are ranges: the edition
 * gives people per site and per table as [min, max], so the fewest sites come from the max.
 */
export function staffingFor(
  people: number,
  staffing: Staffing,
): { sites: { min: number; max: number }; samplers: number; tables: { min: number; max: number } } {
  if (!Number.isInteger(people) || people < 0) throw new RangeError(`people must be a count, got ${people}`);
  const [siteMin, siteMax] = staffing.peoplePerSite;
  const [tableMin, tableMax] = staffing.peoplePerTable;
  return {
    sites: { min: Math.ceil(people / siteMax), max: Math.ceil(people / siteMin) },
    samplers: Math.ceil(people / staffing.peoplePerSampler),
    tables: { min: Math.ceil(people / tableMax), max: Math.ceil(people / tableMin) },
  };
}

/**
 * Share of samples resulted within each threshold, hours from sampling to result. A sample not yet
 * resulted (null) stays in the denominator: leaving it out would make a slow lab look fast. A
 * negative hour count (device clocks out of step) still counts as resulted.
 */
export function turnaroundShares(
  hours: readonly (number | null)[],
  thresholds: readonly number[],
): Array<{ withinHours: number; share: number; count: number }> {
  for (const h of hours) {
    if (h !== null && !Number.isFinite(h)) throw new RangeError(`turnaround hours must be finite, got ${h}`);
  }
  return thresholds.map((withinHours) => {
    const count = hours.filter((h) => h !== null && h <= withinHours).length;
    return { withinHours, count, share: hours.length === 0 ? 0 : count / hours.length };
  });
}

// ---- Codes scanned at the sampling table -------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Crockford's base 32: no I, L or O (on input they are read as 1, 1 and 0), and no U. */
const CHECK_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Multiplication by 2 in GF(32) with the primitive polynomial x⁵ + x² + 1. */
function times2(v: number): number {
  const w = v << 1;
  return w & 0x20 ? w ^ 0x25 : w;
}

/**
 * Damm's check over the hex digits, with the quasigroup x ∘ d = 2x + d in GF(32): totally
 * anti-symmetric, so every single wrong character and every swap of two neighbours is caught —
 * the mistakes of someone typing a code the scanner could not read (Luhn and ISO 7064 MOD 37,36
 * miss some swaps). The check character makes the running value 0; a random string passes 1 in 32.
 */
function checkCharacter(hex: string): string {
  let x = 0;
  for (const c of hex) x = times2(x) ^ parseInt(c, 16);
  return CHECK_ALPHABET[times2(x)]!;
}

/**
 * The resident's sampling code (采样码), shown as a QR code: 'CD' + the person's id (a random UUID,
 * so codes cannot be guessed or enumerated) as 32 upper-case hex digits + one check character
 * (above). Upper case only, so the QR code stays in alphanumeric mode and small.
 */
export function samplingCodeOf(personId: string): string {
  if (!UUID.test(personId)) throw new RangeError(`a person id is a UUID, got "${personId}"`);
  const body = personId.replace(/-/g, '').toUpperCase();
  return `CD${body}${checkCharacter(body)}`;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/**
 * Reads a scanned or typed sampling code. Taken: surrounding spaces, lower case, full-width
 * characters (an input method left on), O typed for 0 and I or L for 1, spaces and hyphens typed
 * between groups, and a URL payload ending in the code (https://host/s/CD…, …?c=CD…). Gives back
 * the person id in the canonical lower-case UUID form.
 */
export function parseSamplingCode(
  text: string,
): { ok: true; personId: string } | { ok: false; problem: 'format' | 'check' } {
  const trimmed = text.trim();
  const code = URL_LIKE.test(trimmed)
    ? (/[A-Za-z0-9]+$/.exec(trimmed.replace(/\/+$/, ''))?.[0] ?? '').toUpperCase()
    : normaliseIdInput(trimmed);
  // Crockford's reading of look-alikes, for codes typed by hand: O is 0, I and L are 1.
  const digits = code.slice(2).replace(/O/g, '0').replace(/[IL]/g, '1');
  const m = /^CD([0-9A-F]{32})([0-9A-Z])$/.exec(code.slice(0, 2) + digits);
  if (!m) return { ok: false, problem: 'format' };
  const body = m[1]!;
  if (checkCharacter(body) !== m[2]) return { ok: false, problem: 'check' };
  const hex = body.toLowerCase();
  return {
    ok: true,
    personId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
  };
}

/**
 * A tube's barcode as the scanner types it: trimmed and upper-cased; full-width characters (a
 * scanner typing through a Chinese input method) made ASCII. 6 to 32 of A-Z, 0-9 and '-'.
 */
export function parseTubeBarcode(
  text: string,
): { ok: true; value: string } | { ok: false; problem: 'empty' | 'format' } {
  const value = text
    .trim()
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
  if (value === '') return { ok: false, problem: 'empty' };
  if (!/^[A-Z0-9-]{6,32}$/.test(value)) return { ok: false, problem: 'format' };
  return { ok: true, value };
}

// ---- Lab results -------------------------------------------------------------------------------

export const TUBE_RESULTS = ['negative', 'positive', 'invalid'] as const;
export type TubeResult = (typeof TUBE_RESULTS)[number];

export const TUBE_RESULT_LABELS: Record<TubeResult, { zh: string; en: string }> = {
  negative: { zh: '阴性', en: 'Negative' },
  positive: { zh: '阳性', en: 'Positive' },
  invalid: { zh: '无效', en: 'Invalid' },
};

/**
 * 可疑 (suspicious: one target only, or a late Ct) is read as invalid: the tube proves nothing
 * either way, so everyone in it is sampled again, exactly as for an invalid tube.
 */
const RESULT_WORDS: Record<string, TubeResult> = {
  阴性: 'negative',
  negative: 'negative',
  neg: 'negative',
  '-': 'negative',
  '\u2212': 'negative', // minus sign, as some spreadsheets write '-'
  阳性: 'positive',
  positive: 'positive',
  pos: 'positive',
  '+': 'positive',
  无效: 'invalid',
  invalid: 'invalid',
  inconclusive: 'invalid',
  可疑: 'invalid',
};

export function parseTubeResult(text: string): { ok: true; value: TubeResult } | { ok: false } {
  const key = text
    .trim()
    .replace(/[\uFF0B\uFF0D]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase();
  const value = Object.hasOwn(RESULT_WORDS, key) ? RESULT_WORDS[key] : undefined;
  return value ? { ok: true, value } : { ok: false };
}

/** How lab exports say "no amplification": empty, '-', N/A, 未检出, NoCt, and QuantStudio's Undetermined. */
const NO_CT = new Set(['', '-', 'n/a', 'na', '未检出', 'noct', 'undetermined']);
const MAX_CT = 50;

/**
 * A cycle-threshold value from a lab export, as text or as a spreadsheet number. null means the
 * target did not amplify. Real runs stop at 40–45 cycles, so 0 < Ct ≤ 50 with at most 2 decimals.
 */
export function parseCt(
  text: string | number | null | undefined,
): { ok: true; value: number | null } | { ok: false; message: string } {
  if (text === null || text === undefined) return { ok: true, value: null };
  let value: number;
  if (typeof text === 'number') {
    if (!Number.isFinite(text)) return { ok: false, message: `Ct value ${text} is not a number` };
    value = text;
    // A spreadsheet stores 28.1 as 28.100000000000001: compare with a tolerance, not as text.
    if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) {
      return { ok: false, message: `Ct value ${text} has more than 2 decimals` };
    }
  } else {
    const s = text.trim();
    if (NO_CT.has(s.toLowerCase().replace(/\s+/g, ''))) return { ok: true, value: null };
    if (/^[-+]?\d+\.\d{3,}$/.test(s))
      return { ok: false, message: `Ct value "${s}" has more than 2 decimals` };
    if (!/^[-+]?\d+(\.\d{1,2})?$/.test(s)) return { ok: false, message: `Ct value "${s}" is not a number` };
    value = Number(s);
  }
  if (value <= 0 || value > MAX_CT) {
    return { ok: false, message: `Ct value ${value} is out of range (0 < Ct ≤ ${MAX_CT})` };
  }
  return { ok: true, value: Math.round(value * 100) / 100 };
}

/** A result that contradicts its Ct values, as a message; null when they agree. */
export function checkResultConsistency(
  result: TubeResult,
  orf1abCt: number | null,
  nCt: number | null,
): string | null {
  // A positive call rests on amplification of at least one target; without any Ct the report is
  // a keying error, and acting on it would hold a whole pool at home for nothing.
  if (result === 'positive' && orf1abCt === null && nCt === null) return 'positive without Ct values';
  return null;
}
