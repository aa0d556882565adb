/**
 * How many people each real village and community gets: the county's census population (times the
 * scale) shared among its settlements by weight — an urban community weighs URBAN_WEIGHT rural
 * villages — each weight varied log-normally so that sizes spread as real ones do. Counts are
 * rounded by largest remainder, so a county's total is exact, and every settlement gets at least one
 * person.
 */
import type { JurisdictionRow } from '../../../db/schema.js';
import {
  type CityCensus,
  ESTIMATE_PER_COMMUNITY,
  ESTIMATE_PER_VILLAGE,
  SIZE_SPREAD,
  URBAN_WEIGHT,
  VIRTUAL_WEIGHT,
} from './census.js';
import type { Settlement } from './households.js';
import { Rng } from './rng.js';

export type VillageRow = Pick<
  JurisdictionRow,
  'code' | 'jpath' | 'county_code' | 'kind' | 'name' | 'short_name'
>;

/** Urban or rural, from the kind (and for 'other', the name) of the division; with its weight. */
export function settlementOf(v: Pick<VillageRow, 'kind' | 'name'>): {
  settlement: Settlement;
  weight: number;
} {
  if (v.name.includes('虚拟')) return { settlement: 'urban', weight: VIRTUAL_WEIGHT };
  if (v.kind === 'community' || /街道委员会$|居委会$/.test(v.name))
    return { settlement: 'urban', weight: URBAN_WEIGHT };
  return { settlement: 'rural', weight: 1 };
}

export interface Allocation {
  village: VillageRow;
  settlement: Settlement;
  people: number;
}

/** Largest-remainder rounding of `total` over weights, each share at least 1. */
function apportion(total: number, weights: number[]): number[] {
  const floor = Math.max(0, total - weights.length);
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w / sum) * floor);
  const counts = exact.map((x) => Math.floor(x) + 1);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]! += 1;
  return counts;
}

export function allocate(
  villages: VillageRow[],
  census: CityCensus | undefined,
  scale: number,
  seed: string,
): Allocation[] {
  const byCounty = new Map<string, VillageRow[]>();
  for (const v of [...villages].sort((a, b) => a.code.localeCompare(b.code))) {
    byCounty.set(v.county_code, [...(byCounty.get(v.county_code) ?? []), v]);
  }
  const out: Allocation[] = [];
  for (const [county, list] of byCounty) {
    const kinds = list.map(settlementOf);
    const weights = list.map((v, i) => {
      const rng = new Rng(`${seed}:${v.code}:size`);
      return kinds[i]!.weight * Math.exp(SIZE_SPREAD * rng.normal());
    });
    const estimate = list.reduce(
      (s, _v, i) => s + (kinds[i]!.settlement === 'urban' ? ESTIMATE_PER_COMMUNITY : ESTIMATE_PER_VILLAGE),
      0,
    );
    const population = census?.counties[county] ?? estimate;
    const counts = apportion(Math.max(list.length, Math.round(population * scale)), weights);
    list.forEach((village, i) => out.push({ village, settlement: kinds[i]!.settlement, people: counts[i]! }));
  }
  return out;
}
