/**
 * Protocol editions (防控方案) as data. Public-health rules changed between editions and differ
 * between provinces, so every rule is a parameter of a named edition that the platform ships and an
 * administrator can copy and edit — never a constant in the code that applies it. Pure data and
 * pure functions, shared by the server and the web app.
 *
 * The shipped editions are deeply frozen: they are shared by every request, and an edit must go
 * through a copy (`structuredClone`) rather than change the defaults for everyone.
 */

import { type HealthCodeRules, healthCodeRules } from './healthcode.js';
import { type TracingRules, tracingRules8th, tracingRules9th } from './tracing.js';
import { type ZoneRules, zoneRules9th, zoneRulesHebei } from './zones.js';

export const POOL_GROUPS = ['isolation', 'close_contact', 'sealed', 'controlled', 'prevention'] as const;
export type PoolGroup = (typeof POOL_GROUPS)[number];

export const POOL_GROUP_LABELS: Record<PoolGroup, { zh: string; en: string }> = {
  isolation: { zh: '隔离点', en: 'Isolation site' },
  close_contact: { zh: '密切接触者', en: 'Close contacts' },
  sealed: { zh: '封控区', en: 'Sealed zone' },
  controlled: { zh: '管控区', en: 'Controlled zone' },
  prevention: { zh: '防范区', en: 'Prevention zone' },
};

export interface PoolRule {
  /** Swabs per tube at most; 1 is single tube (单管单检). */
  size: number;
  /**
   * A tube holds one household only (一户一管): a household never shares a tube with neighbours,
   * so a positive tube points at one door. Households larger than `size` fill several tubes.
   */
  perHousehold: boolean;
}

export interface Staffing {
  /** [min, max] people served by one sampling site (采样点). */
  peoplePerSite: [number, number];
  /** People one sampler (采样人员) covers in a round. */
  peoplePerSampler: number;
  /** [min, max] people served by one sampling table (采样台). */
  peoplePerTable: [number, number];
}

export interface TestingRules {
  pooling: Record<PoolGroup, PoolRule>;
  /** Pool sizes validated for the kits in use; any pooling rule (and any round override) must use one. */
  allowedPoolSizes: number[];
  staffing: Staffing;
  /** Hours from sampling to result that the turnaround dashboard reports against, ascending. */
  turnaroundHours: number[];
  /** Hours in which a designated area is sampled and tested (one round). */
  roundHours: number;
}

export interface ProtocolEdition {
  id: string;
  name: { zh: string; en: string };
  /** YYYY-MM-DD. */
  effective: string;
  testing: TestingRules;
  /** Look-back, quarantine, the 2+4+24 clocks and companion parameters (domain/tracing.ts). */
  tracing: TracingRules;
  /** The health code's durations and colours (domain/healthcode.ts). */
  healthCode: HealthCodeRules;
  /** Zone kinds and how each is lifted (domain/zones.ts). */
  zones: ZoneRules;
}

/** 单管单检 for isolation sites, close contacts and sealed zones; 10:1 controlled; 20:1 prevention. */
function pooling(): Record<PoolGroup, PoolRule> {
  return {
    isolation: { size: 1, perHousehold: false },
    close_contact: { size: 1, perHousehold: false },
    // "Single tube, or one tube per household": the household tube is the common practice (it
    // needs far fewer tubes and still points at one door); 10 caps it at a validated pool size.
    sealed: { size: 10, perHousehold: true },
    controlled: { size: 10, perHousehold: false },
    prevention: { size: 20, perHousehold: false },
  };
}

function testing(): TestingRules {
  return {
    pooling: pooling(),
    // Pools of 5, 10 and 20 swabs are validated; re-pooling tubes is not, so no other sizes.
    allowedPoolSizes: [1, 5, 10, 20],
    staffing: { peoplePerSite: [2000, 3000], peoplePerSampler: 360, peoplePerTable: [600, 800] },
    turnaroundHours: [6, 12, 24],
    // Even a 10-million city is sampled and tested within 24 hours.
    roundHours: 24,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const EDITIONS: readonly ProtocolEdition[] = deepFreeze([
  {
    id: 'hebei-2022-03',
    name: { zh: '河北省（2022年3月，第八版方案）', en: 'Hebei, March 2022 (8th edition)' },
    // The 8th edition was issued on 2021-05-11; Hebei applied it, with its own zone rules, in the
    // Langfang outbreak of March 2022.
    effective: '2021-05-11',
    testing: testing(),
    tracing: tracingRules8th(),
    healthCode: healthCodeRules(),
    zones: zoneRulesHebei(),
  },
  {
    id: 'national-9th-2022-06',
    name: { zh: '全国第九版防控方案（2022年6月）', en: 'National 9th edition (June 2022)' },
    effective: '2022-06-28',
    // Where the 9th edition differs for mass testing: it names zones as high / medium / low-risk
    // areas (sealed → high, controlled → medium, prevention → low) with the same pooling, and it
    // adds a stop rule (test the district daily; after 3 consecutive rounds with no community
    // infection wait 3 days, run one more round, then stop). The stop rule is not yet a field of
    // TestingRules; the pooling, staffing and 24-hour figures are the same as the 8th-edition era.
    testing: testing(),
    tracing: tracingRules9th(),
    healthCode: healthCodeRules(),
    zones: zoneRules9th(),
  },
]);

export const DEFAULT_EDITION_ID = 'hebei-2022-03';

export function editionById(id: string): ProtocolEdition {
  const edition = EDITIONS.find((e) => e.id === id);
  if (!edition) {
    throw new Error(
      `unknown protocol edition "${id}"; known editions: ${EDITIONS.map((e) => e.id).join(', ')}`,
    );
  }
  return edition;
}

export interface RuleProblem {
  /** Path of the offending field, e.g. `pooling.controlled.size` or `staffing.peoplePerSite[1]`. */
  field: string;
  message: string;
}

export type RulesValidation = { ok: true; value: TestingRules } | { ok: false; problems: RuleProblem[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Unknown keys are reported rather than dropped: in a hand-edited override they are typos. */
function unknownKeys(v: Record<string, unknown>, known: readonly string[], at: string, out: RuleProblem[]) {
  for (const key of Object.keys(v)) {
    if (!known.includes(key)) out.push({ field: `${at}${key}`, message: 'unknown field' });
  }
}

function positive(v: unknown, field: string, out: RuleProblem[]): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    out.push({ field, message: 'must be a positive number' });
    return undefined;
  }
  return v;
}

function range(v: unknown, field: string, out: RuleProblem[]): [number, number] | undefined {
  if (!Array.isArray(v) || v.length !== 2) {
    out.push({ field, message: 'must be a pair [min, max]' });
    return undefined;
  }
  const min = positive(v[0], `${field}[0]`, out);
  const max = positive(v[1], `${field}[1]`, out);
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    out.push({ field, message: 'min must not be greater than max' });
    return undefined;
  }
  return [min, max];
}

function allowedSizes(v: unknown, out: RuleProblem[]): number[] | undefined {
  if (!Array.isArray(v) || v.length === 0) {
    out.push({ field: 'allowedPoolSizes', message: 'must be a non-empty list of pool sizes' });
    return undefined;
  }
  const sizes: number[] = [];
  let ok = true;
  v.forEach((s: unknown, i) => {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1) {
      out.push({ field: `allowedPoolSizes[${i}]`, message: 'must be a whole number of at least 1' });
      ok = false;
    } else if (sizes.includes(s)) {
      out.push({ field: `allowedPoolSizes[${i}]`, message: `${s} is listed twice` });
      ok = false;
    } else {
      sizes.push(s);
    }
  });
  return ok ? sizes : undefined;
}

function poolRules(
  v: unknown,
  allowed: number[] | undefined,
  out: RuleProblem[],
): Record<PoolGroup, PoolRule> | undefined {
  if (!isRecord(v)) {
    out.push({ field: 'pooling', message: 'must be an object with one rule per group' });
    return undefined;
  }
  unknownKeys(v, POOL_GROUPS, 'pooling.', out);
  const result: Partial<Record<PoolGroup, PoolRule>> = {};
  for (const group of POOL_GROUPS) {
    const at = `pooling.${group}`;
    const rule = v[group];
    if (!isRecord(rule)) {
      out.push({ field: at, message: 'missing: must be { size, perHousehold }' });
      continue;
    }
    unknownKeys(rule, ['size', 'perHousehold'], `${at}.`, out);
    const { size, perHousehold } = rule;
    let sizeOk = true;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      out.push({ field: `${at}.size`, message: 'must be a whole number of at least 1' });
      sizeOk = false;
    } else if (allowed && !allowed.includes(size)) {
      // Only validated pool sizes: a tube of 15 swabs has no validation behind its sensitivity.
      out.push({
        field: `${at}.size`,
        message: `${size} is not an allowed pool size (${allowed.join(', ')})`,
      });
      sizeOk = false;
    }
    if (typeof perHousehold !== 'boolean') {
      out.push({ field: `${at}.perHousehold`, message: 'must be true or false' });
    } else if (sizeOk && typeof size === 'number') {
      result[group] = { size, perHousehold };
    }
  }
  return POOL_GROUPS.every((g) => result[g]) ? (result as Record<PoolGroup, PoolRule>) : undefined;
}

function staffingRules(v: unknown, out: RuleProblem[]): Staffing | undefined {
  if (!isRecord(v)) {
    out.push({ field: 'staffing', message: 'must be an object' });
    return undefined;
  }
  unknownKeys(v, ['peoplePerSite', 'peoplePerSampler', 'peoplePerTable'], 'staffing.', out);
  const peoplePerSite = range(v.peoplePerSite, 'staffing.peoplePerSite', out);
  const peoplePerSampler = positive(v.peoplePerSampler, 'staffing.peoplePerSampler', out);
  const peoplePerTable = range(v.peoplePerTable, 'staffing.peoplePerTable', out);
  if (!peoplePerSite || peoplePerSampler === undefined || !peoplePerTable) return undefined;
  return { peoplePerSite, peoplePerSampler, peoplePerTable };
}

function turnaround(v: unknown, out: RuleProblem[]): number[] | undefined {
  if (!Array.isArray(v) || v.length === 0) {
    out.push({ field: 'turnaroundHours', message: 'must be a non-empty list of hours' });
    return undefined;
  }
  const hours: number[] = [];
  let ok = true;
  v.forEach((h: unknown, i) => {
    const value = positive(h, `turnaroundHours[${i}]`, out);
    if (value === undefined) ok = false;
    else if (hours.length > 0 && value <= hours[hours.length - 1]!) {
      out.push({ field: `turnaroundHours[${i}]`, message: 'hours must be in ascending order' });
      ok = false;
    } else hours.push(value);
  });
  return ok ? hours : undefined;
}

/**
 * Checks testing rules that come from outside the code — an edited edition, or a round's override
 * merged onto its edition — and returns a clean copy holding only the known fields.
 */
export function validateTestingRules(rules: unknown): RulesValidation {
  const problems: RuleProblem[] = [];
  if (!isRecord(rules)) {
    return { ok: false, problems: [{ field: '', message: 'testing rules must be an object' }] };
  }
  unknownKeys(
    rules,
    ['pooling', 'allowedPoolSizes', 'staffing', 'turnaroundHours', 'roundHours'],
    '',
    problems,
  );
  const allowedPoolSizes = allowedSizes(rules.allowedPoolSizes, problems);
  const pooling = poolRules(rules.pooling, allowedPoolSizes, problems);
  const staffing = staffingRules(rules.staffing, problems);
  const turnaroundHours = turnaround(rules.turnaroundHours, problems);
  const roundHours = positive(rules.roundHours, 'roundHours', problems);
  if (
    problems.length > 0 ||
    !allowedPoolSizes ||
    !pooling ||
    !staffing ||
    !turnaroundHours ||
    roundHours === undefined
  ) {
    return { ok: false, problems };
  }
  return { ok: true, value: { pooling, allowedPoolSizes, staffing, turnaroundHours, roundHours } };
}
