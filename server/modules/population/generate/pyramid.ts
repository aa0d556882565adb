/**
 * Ages and birth dates. The age pyramid is single years 0…MAX_AGE: the national five-year shape
 * (census.ts) spread evenly inside each band, each broad group scaled to the city's own share.
 * Household templates draw ages from it restricted to a range (a child of a 35-year-old is 0–15),
 * so every member's age follows the pyramid's shape within what the family makes possible.
 */
import { type CityCensus, MAX_AGE, NATIONAL_FIVE_YEAR_BANDS, sexRatioAt } from './census.js';
import { type Rng, cumulative, pickIndex } from './rng.js';

export interface Pyramid {
  /** Cumulative single-year weights, index = age. */
  cum: Float64Array;
  /** Probability that a person of this age is male (scaled to the city's male share). */
  male: Float64Array;
}

function broadGroup(age: number): 'under15' | 'from15to59' | 'from60to64' | 'from65' {
  if (age < 15) return 'under15';
  if (age < 60) return 'from15to59';
  if (age < 65) return 'from60to64';
  return 'from65';
}

export function buildPyramid(census: Pick<CityCensus, 'ageGroups' | 'maleShare'>): Pyramid {
  const single: number[] = [];
  for (let age = 0; age <= MAX_AGE; age++) {
    const band = Math.min(Math.floor(age / 5), NATIONAL_FIVE_YEAR_BANDS.length - 1);
    single.push(NATIONAL_FIVE_YEAR_BANDS[band]! / 5);
  }
  const groupTotals = { under15: 0, from15to59: 0, from60to64: 0, from65: 0 };
  single.forEach((w, age) => (groupTotals[broadGroup(age)] += w));
  const weights = single.map(
    (w, age) => (w / groupTotals[broadGroup(age)]) * census.ageGroups[broadGroup(age)],
  );

  // Male probability per age from the sex-ratio pattern, then one factor on the odds so the
  // population-weighted male share equals the city's.
  const total = weights.reduce((s, w) => s + w, 0);
  const maleAt = (factor: number, age: number): number => {
    const odds = sexRatioAt(age) * factor;
    return odds / (1 + odds);
  };
  let lo = 0.5;
  let hi = 2;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    const share = weights.reduce((s, w, age) => s + w * maleAt(mid, age), 0) / total;
    if (share < census.maleShare) lo = mid;
    else hi = mid;
  }
  const male = new Float64Array(weights.length);
  for (let age = 0; age < weights.length; age++) male[age] = maleAt(lo, age);
  return { cum: cumulative(weights), male };
}

/** An age from the pyramid within [min, max] (clamped to 0…MAX_AGE); null when the range is empty. */
export function drawAge(rng: Rng, pyramid: Pyramid, min: number, max: number): number | null {
  const lo = Math.max(0, Math.ceil(min));
  const hi = Math.min(MAX_AGE, Math.floor(max));
  if (lo > hi) return null;
  return pickIndex(rng, pyramid.cum, lo, hi);
}

const DAY_MS = 86_400_000;

/**
 * Birth dates for an as-of date: for each age, the range of days on which someone of exactly that
 * age on the as-of date was born. Days are numbers (days since 1970) until a string is needed, and
 * their ISO strings are cached in an array: millions of people share some 38,000 birth dates.
 */
export class BirthDates {
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  /** The earliest birth day generated; day indexes count from it. */
  readonly firstDay: number;
  /** Number of possible birth days. */
  readonly span: number;
  private readonly iso: Array<string | undefined>;
  private readonly asOfDay: number;

  constructor(readonly asOf: string) {
    const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
    this.first = new Int32Array(MAX_AGE + 1);
    this.last = new Int32Array(MAX_AGE + 1);
    for (let age = 0; age <= MAX_AGE; age++) {
      // Born after the day (age + 1) years before, up to the day age years before (a 29 February
      // as-of date rolls to 1 March in other years, as Date.UTC does).
      this.last[age] = Math.floor(Date.UTC(y - age, m - 1, d) / DAY_MS);
      this.first[age] = Math.floor(Date.UTC(y - age - 1, m - 1, d) / DAY_MS) + 1;
    }
    this.firstDay = this.first[MAX_AGE]!;
    this.span = this.last[0]! - this.firstDay + 1;
    this.iso = new Array<string | undefined>(this.span);
    this.asOfDay = Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
  }

  /** A birth day (days since 1970) of someone aged `age` on the as-of date. */
  drawDay(rng: Rng, age: number): number {
    return rng.int(this.first[age]!, this.last[age]!);
  }

  /** A birth date (YYYY-MM-DD) of someone aged `age` on the as-of date. */
  draw(rng: Rng, age: number): string {
    return this.isoOf(this.drawDay(rng, age));
  }

  isoOf(day: number): string {
    const index = day - this.firstDay;
    if (index < 0 || index >= this.span) return new Date(day * DAY_MS).toISOString().slice(0, 10);
    return (this.iso[index] ??= new Date(day * DAY_MS).toISOString().slice(0, 10));
  }

  /** as-of + days, for due dates and the like. */
  plusDays(days: number): string {
    return this.isoOf(this.asOfDay + days);
  }
}
