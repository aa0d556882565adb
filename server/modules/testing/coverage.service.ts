/**
 * Coverage of a round (采样覆盖): per unit and per child unit, who was expected, who was exempted,
 * who was sampled and who is missing — counted where people live. The missing list and the
 * door-to-door tasks built from it are in missing.service.ts.
 *
 * Counting runs on the covering indexes only (people_jpath, samples_round_jpath,
 * round_exemptions_jpath): one range scan per path, grouped by a prefix or segment of jpath — no
 * join to jurisdictions per person, no heap reads except for the (few) exemptions.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Static } from 'typebox';
import type { Database, JurisdictionRow } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { findJurisdiction, jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import type { CoverageMapResponse, CoverageResponse } from './coverage.schema.js';
import { type LoadedRound, visibleRound } from './rounds.service.js';

type Db = Kysely<Database>;
export const EXEMPT_REASONS = ['hospital', 'isolation', 'away', 'other'] as const;
export type ExemptReason = (typeof EXEMPT_REASONS)[number];

// ---- Which unit, which paths ------------------------------------------------------------------

export interface Target {
  unit: JurisdictionRow;
  /** The round's paths within the unit: the unit itself, or the round's areas below it. */
  paths: string[];
}

/** Paths of the round inside `jpath`: all of it when an area contains it, else the areas below it. */
export function clipToRound(round: Pick<LoadedRound, 'areas'>, jpath: string): string[] {
  if (round.areas.some((a) => jpath.startsWith(a.jpath))) return [jpath];
  const below = round.areas.map((a) => a.jpath).filter((p) => p.startsWith(jpath));
  // Nested areas would be counted twice; keep the outermost.
  return below.filter((p) => !below.some((q) => q !== p && p.startsWith(q))).sort();
}

/**
 * The unit asked for (in the actor's scope and overlapping the round), or by default the actor's
 * home — or the round's one area inside it, when the round covers just one place there.
 */
export async function coverageTarget(
  ctx: RequestContext,
  round: LoadedRound,
  code: string | undefined,
): Promise<Target> {
  let unit = await jurisdictionInScope(ctx, code ?? ctx.actor.jurisdictionCode);
  let paths = clipToRound(round, unit.jpath);
  if (paths.length === 0) throw Errors.outsideRound(`Jurisdiction ${unit.code}`);
  if (!code && paths.length === 1 && paths[0] !== unit.jpath) {
    const area = round.areas.find((a) => a.jpath === paths[0]);
    const row = area ? await findJurisdiction(ctx.db, area.code) : undefined;
    if (row) {
      unit = row;
      paths = [row.jpath];
    }
  }
  return { unit, paths };
}

/**
 * A city-wide count is one range per county, run side by side (and, under Citus, each on one
 * shard) rather than one scan of the whole city.
 */
async function splitCityPaths(db: Db, paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p.length !== 4) {
      out.push(p);
      continue;
    }
    const counties = await db
      .selectFrom('jurisdictions')
      .select('jpath')
      .where('parent_code', '=', p.padEnd(12, '0'))
      .execute();
    out.push(...counties.map((c) => c.jpath));
  }
  return out;
}

// ---- Counting ----------------------------------------------------------------------------------

/** How rows are grouped into child units: a fixed-width digit prefix, a path segment, a household. */
export type Grouping =
  { by: 'prefix'; width: number } | { by: 'segment'; index: number } | { by: 'household' };

export function groupingBelow(level: string): Grouping {
  switch (level) {
    case 'city':
      return { by: 'prefix', width: 6 };
    case 'county':
      return { by: 'prefix', width: 9 };
    case 'town':
      return { by: 'prefix', width: 12 };
    case 'village':
      return { by: 'segment', index: 2 }; // 131002100202/G001/… → G001
    case 'grid':
      return { by: 'segment', index: 3 }; // 131002100202/G001/B00001/ → B00001
    default:
      return { by: 'household' };
  }
}

/** The child-unit key of a row; '' when the row lies in no child (a person without a grid). */
export function keyOf(g: Grouping, alias: string): RawBuilder<string> {
  const jpath = sql.ref(`${alias}.jpath`);
  switch (g.by) {
    case 'prefix':
      // A shorter path than the prefix is the unit itself: the key must not look like a child's.
      return sql<string>`case when length(${jpath}) >= ${sql.lit(g.width)} then substr(${jpath}, 1, ${sql.lit(g.width)}) else '' end`;
    case 'segment':
      return sql<string>`split_part(${jpath}, '/', ${sql.lit(g.index)})`;
    case 'household':
      return sql<string>`coalesce(${sql.ref(`${alias}.household_id`)}::text, '')`;
  }
}

export interface Tally {
  people: number;
  sampled: number;
  /** Exempt and not sampled, by reason: someone exempt who came anyway counts as sampled only. */
  exempt: Record<ExemptReason, number>;
}

const emptyTally = (): Tally => ({
  people: 0,
  sampled: 0,
  exempt: { hospital: 0, isolation: 0, away: 0, other: 0 },
});

function tallyOf(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = emptyTally()));
  return t;
}

/** People, samples and exemptions of the round under the paths, per child-unit key. */
export async function tallyBy(
  db: Db,
  roundId: string,
  paths: string[],
  g: Grouping,
): Promise<Map<string, Tally>> {
  const ranges = await splitCityPaths(db, paths);
  const out = new Map<string, Tally>();
  await Promise.all(
    ranges.map(async (path) => {
      const scope = scopeOf({ jpath: path });
      const [people, samples, exempt] = await Promise.all([
        db
          .selectFrom('people as p')
          .select([keyOf(g, 'p').as('k'), (eb) => eb.fn.countAll<number>().as('n')])
          .where(inScope(scope, 'p'))
          .groupBy('k')
          .execute(),
        db
          .selectFrom('samples as s')
          .select([keyOf(g, 's').as('k'), (eb) => eb.fn.countAll<number>().as('n')])
          .where('s.round_id', '=', roundId)
          .where(inScope(scope, 's'))
          .groupBy('k')
          .execute(),
        // Exemptions only: a sampled exempt person is sampled, not exempt (a PK probe each).
        db
          .selectFrom('round_exemptions as e')
          .innerJoin('people as p', (j) =>
            j.onRef('p.county_code', '=', 'e.county_code').onRef('p.id', '=', 'e.person_id'),
          )
          .select([
            keyOf(g, g.by === 'household' ? 'p' : 'e').as('k'),
            'e.reason',
            (eb) => eb.fn.countAll<number>().as('n'),
          ])
          .where('e.round_id', '=', roundId)
          .where(inScope(scope, 'e'))
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('samples as s')
                  .select(sql`1`.as('one'))
                  .whereRef('s.county_code', '=', 'e.county_code')
                  .whereRef('s.round_id', '=', 'e.round_id')
                  .whereRef('s.person_id', '=', 'e.person_id'),
              ),
            ),
          )
          .groupBy(['k', 'e.reason'])
          .execute(),
      ]);
      for (const r of people) tallyOf(out, r.k).people += Number(r.n);
      for (const r of samples) tallyOf(out, r.k).sampled += Number(r.n);
      for (const r of exempt) tallyOf(out, r.k).exempt[r.reason] += Number(r.n);
    }),
  );
  return out;
}

export function figuresOf(t: Tally) {
  const exemptTotal = EXEMPT_REASONS.reduce((a, r) => a + t.exempt[r], 0);
  const expected = Math.max(0, t.people - exemptTotal);
  return {
    expected,
    exempt: { ...t.exempt },
    exemptTotal,
    sampled: t.sampled,
    // Samples of people who left the ledger (or moved) meanwhile must not make "missing" negative.
    missing: Math.max(0, expected - t.sampled),
    share: expected === 0 ? null : Math.min(1, t.sampled / expected),
  };
}

export function sumTallies(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  for (const t of tallies) {
    total.people += t.people;
    total.sampled += t.sampled;
    for (const r of EXEMPT_REASONS) total.exempt[r] += t.exempt[r];
  }
  return total;
}

// ---- Coverage ----------------------------------------------------------------------------------

function childKey(g: Grouping, child: JurisdictionRow): string {
  return g.by === 'prefix' ? child.jpath : child.code.slice(12);
}

const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

export async function coverage(
  ctx: RequestContext,
  roundId: string,
  code: string | undefined,
): Promise<Static<typeof CoverageResponse>> {
  const round = await visibleRound(ctx, roundId);
  const { unit, paths } = await coverageTarget(ctx, round, code);
  const g = groupingBelow(unit.level);
  const [tallies, children] = await Promise.all([
    tallyBy(ctx.db, round.id, paths, g),
    g.by === 'household'
      ? Promise.resolve([])
      : ctx.db
          .selectFrom('jurisdictions')
          .selectAll()
          .where('parent_code', '=', unit.code)
          .orderBy('code')
          .execute(),
  ]);
  const rows: Static<typeof CoverageResponse>['rows'] = [];
  const seen = new Set<string>();
  const childLevel = g.by === 'household' ? 'household' : undefined;
  for (const child of children) {
    if (!paths.some((p) => overlaps(p, child.jpath))) continue;
    const key = childKey(g, child);
    seen.add(key);
    rows.push({
      code: child.code,
      name: child.short_name,
      level: child.level,
      ...figuresOf(tallies.get(key) ?? emptyTally()),
    });
  }
  const rest = [...tallies.keys()].filter((k) => k !== '' && !seen.has(k)).sort();
  const addresses =
    childLevel && rest.length > 0
      ? new Map(
          (
            await ctx.db.selectFrom('households').select(['id', 'address']).where('id', 'in', rest).execute()
          ).map((h) => [h.id, h.address]),
        )
      : new Map<string, string>();
  for (const key of rest) {
    rows.push({
      code: key,
      name: addresses.get(key) ?? key,
      level: childLevel ?? 'unit',
      ...figuresOf(tallies.get(key)!),
    });
  }
  const unassigned = tallies.get('');
  if (unassigned) rows.push({ code: null, name: '', level: 'unassigned', ...figuresOf(unassigned) });
  return {
    round: { id: round.id, name: round.name },
    unit: { code: unit.code, name: unit.short_name, level: unit.level },
    total: figuresOf(sumTallies(tallies.values())),
    rows,
  };
}

/** Per county, for the county map: the actor's part of the round. */
export async function coverageMap(
  ctx: RequestContext,
  roundId: string,
): Promise<Static<typeof CoverageMapResponse>> {
  const round = await visibleRound(ctx, roundId);
  const home = await jurisdictionInScope(ctx, ctx.actor.jurisdictionCode);
  const paths = clipToRound(round, home.jpath);
  const tallies =
    paths.length > 0
      ? await tallyBy(ctx.db, round.id, paths, { by: 'prefix', width: 6 })
      : new Map<string, Tally>();
  const codes = [...tallies.keys()].filter((k) => k !== '').map((k) => k.padEnd(12, '0'));
  const names = new Map(
    codes.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom('jurisdictions')
            .select(['code', 'short_name'])
            .where('code', 'in', codes)
            .execute()
        ).map((r) => [r.code, r.short_name]),
  );
  return {
    round: { id: round.id, name: round.name },
    cityCode: `${home.code.slice(0, 4)}00000000`,
    values: codes.sort().map((code) => {
      const f = figuresOf(tallies.get(code.slice(0, 6))!);
      return {
        code,
        name: names.get(code) ?? code,
        value: f.share === null ? 0 : Math.round(f.share * 1000) / 10,
        expected: f.expected,
        sampled: f.sampled,
        share: f.share,
      };
    }),
  };
}
