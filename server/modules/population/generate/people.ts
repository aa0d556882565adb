/**
 * One person's identity and registers: ID number (region = county, birth date = the drawn one,
 * sequence unique per county, birth date and sex), phone, and special-population entries with the
 * details their register needs (domain/population.ts specialDetailProblems accepts every one).
 */
import { makeIdNumber } from '../../../../domain/idcard.js';
import type { DisabilityCategory, SpecialKind } from '../../../../domain/population.js';
import { SPECIAL_RATES } from './census.js';
import type { Member, Settlement } from './households.js';
import { mobile } from './names.js';
import type { BirthDates } from './pyramid.js';
import { type Rng, cumulative, pickIndex } from './rng.js';

/**
 * Sequences of ID numbers already given in one county. The 17th digit is odd for men and even for
 * women, so each (birth date, sex) has 500 sequences: 001, 003 … 999 or 000, 002 … 998.
 */
export class IdSequences {
  /** Sequences used per birth day (index from BirthDates.firstDay) and sex: [day × 2 + (man ? 1 : 0)]. */
  private readonly used: Uint16Array;

  constructor(private readonly dates: BirthDates) {
    this.used = new Uint16Array(dates.span * 2);
  }

  /** The next sequence for this birth day and sex, or null when all 500 are taken. */
  next(day: number, sex: 'M' | 'F'): number | null {
    const slot = (day - this.dates.firstDay) * 2 + (sex === 'M' ? 1 : 0);
    const n = this.used[slot]!;
    if (n >= 500) return null;
    this.used[slot] = n + 1;
    return sex === 'M' ? 2 * n + 1 : 2 * n;
  }
}

/** A birth date for the age and the ID number that goes with it (another day of the same age if full). */
export function identity(
  rng: Rng,
  dates: BirthDates,
  sequences: IdSequences,
  region: string,
  age: number,
  sex: 'M' | 'F',
): { birthDate: string; idNumber: string } {
  for (;;) {
    const day = dates.drawDay(rng, age);
    const sequence = sequences.next(day, sex);
    if (sequence === null) continue;
    const birthDate = dates.isoOf(day);
    return { birthDate, idNumber: makeIdNumber(region, birthDate, sequence) };
  }
}

/** Share of people with a mobile phone by age (assumption; CNNIC puts adult mobile use near 99%). */
export function phoneFor(rng: Rng, age: number): string | null {
  const p = age < 12 ? 0 : age < 18 ? 0.6 : age < 60 ? 0.98 : age < 70 ? 0.85 : age < 80 ? 0.6 : 0.3;
  return rng.chance(p) ? mobile(rng) : null;
}

export interface SpecialEntryOut {
  kind: SpecialKind;
  details: Record<string, unknown>;
}

/** What the household tells about a member's registers. */
export interface HouseholdFacts {
  settlement: Settlement;
  /** A one-person family household. */
  alone: boolean;
  lowIncome: boolean;
  skipGeneration: boolean;
  hospital: string;
}

const CATEGORIES = Object.keys(SPECIAL_RATES.disabilityCategories) as DisabilityCategory[];
const CATEGORY_CUM = cumulative(Object.values(SPECIAL_RATES.disabilityCategories));
const LEVEL_CUM = cumulative(SPECIAL_RATES.disabilityLevels);
const CONDITION_CUM = cumulative(SPECIAL_RATES.chronicConditions.map(([, , w]) => w));
const SCHEDULES = ['周一、三、五上午', '周一、三、五下午', '周二、四、六上午', '周二、四、六下午'] as const;

const DISABLED_BANDS = [
  [0, 'under18'],
  [18, 'from18to59'],
  [60, 'from60'],
] as const;
const CHRONIC_BANDS = [
  [18, 'from18to44'],
  [45, 'from45to59'],
  [60, 'from60to74'],
  [75, 'from75'],
] as const;
const IMMOBILE_BANDS = [
  [60, 'from60to79'],
  [80, 'from80'],
] as const;
/** Most people are on no register: they share this (never modified) empty list. */
const NONE: SpecialEntryOut[] = [];

function ageRate<T extends Record<string, number>>(
  table: T,
  bands: ReadonlyArray<readonly [number, keyof T]>,
  age: number,
): number {
  let rate = 0;
  for (const [from, key] of bands) if (age >= from) rate = table[key]!;
  return rate;
}

/** This person's register entries; the draws are made in the same order whatever is found. */
export function specialsFor(
  rng: Rng,
  dates: BirthDates,
  m: Member,
  facts: HouseholdFacts,
): SpecialEntryOut[] {
  let out = NONE;
  const add = (kind: SpecialKind, details: Record<string, unknown> = {}): void => {
    if (out === NONE) out = [];
    out.push({ kind, details });
  };
  const { age } = m;
  if (facts.alone && age >= 60) {
    add('elderly_alone');
    if (rng.chance(SPECIAL_RATES.extremePoverty[facts.settlement])) add('extreme_poverty');
  }
  if (rng.chance(ageRate(SPECIAL_RATES.disabled, DISABLED_BANDS, age))) {
    add('disabled', {
      category: CATEGORIES[pickIndex(rng, CATEGORY_CUM)],
      level: pickIndex(rng, LEVEL_CUM) + 1,
    });
  }
  if (age >= 30 && rng.chance(SPECIAL_RATES.dialysis)) {
    add('dialysis', { schedule: rng.pick(SCHEDULES), hospital: facts.hospital });
  }
  if (m.sex === 'F' && age >= 20 && age <= 44 && rng.chance(SPECIAL_RATES.pregnant)) {
    add('pregnant', { dueDate: dates.plusDays(rng.int(1, 280)), hospital: facts.hospital });
  }
  if (rng.chance(ageRate(SPECIAL_RATES.chronic, CHRONIC_BANDS, age))) {
    const [condition, medicine] = SPECIAL_RATES.chronicConditions[pickIndex(rng, CONDITION_CUM)]!;
    add('chronic', { condition, medicine });
  }
  if (facts.lowIncome) add('low_income');
  if (age < 18) {
    if (rng.chance(SPECIAL_RATES.orphan)) add('orphan');
    else if (rng.chance(SPECIAL_RATES.unsupportedChild)) add('unsupported_child');
    if (facts.skipGeneration && facts.settlement === 'rural' && age <= 15) add('left_behind_child');
  }
  if (rng.chance(ageRate(SPECIAL_RATES.immobile, IMMOBILE_BANDS, age))) add('immobile');
  return out;
}
