/**
 * Reports of a round: the daily close per village (日清日结), the turnaround from sampling to result
 * with the labs' backlog, and the pool-size advice for the next round of an area.
 */
import ExcelJS from 'exceljs';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { poolAdvice, turnaroundShares } from '../../../domain/testing.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import { unitNames } from '../population/places.js';
import type { DailyResponse, DailyRow, PoolAdviceResponse, TurnaroundResponse } from './coverage.schema.js';
import { EXEMPT_REASONS, coverageTarget, figuresOf, tallyBy } from './coverage.service.js';
import { visibleRound } from './rounds.service.js';

type Db = Kysely<Database>;

/** Days close at midnight China time (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600_000;

export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function dayRange(date: string): { from: Date; to: Date } {
  const from = new Date(`${date}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 24 * 3600_000) };
}

const village = (alias: string) => sql<string>`substr(${sql.ref(`${alias}.jpath`)}, 1, 12)`;
const anyPath =
  (paths: string[], alias: string) =>
  <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    eb.or(paths.map((p) => inScope(scopeOf({ jpath: p }), alias)));

// ---- Daily close -------------------------------------------------------------------------------

export async function dailyClose(
  ctx: RequestContext,
  roundId: string,
  query: { jurisdiction?: string; date?: string },
): Promise<Static<typeof DailyResponse>> {
  const round = await visibleRound(ctx, roundId);
  const { unit, paths } = await coverageTarget(ctx, round, query.jurisdiction);
  const date = query.date ?? chinaToday();
  const { from, to } = dayRange(date);
  const [tallies, today, tubes, positives] = await Promise.all([
    tallyBy(ctx.db, round.id, paths, { by: 'prefix', width: 12 }),
    ctx.db
      .selectFrom('samples as s')
      .select([village('s').as('v'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('s.round_id', '=', round.id)
      .where(anyPath(paths, 's'))
      .where('s.sampled_at', '>=', from)
      .where('s.sampled_at', '<', to)
      .groupBy('v')
      .execute(),
    ctx.db
      .selectFrom('tubes as t')
      .select([
        village('t').as('v'),
        (eb) => eb.fn.countAll<number>().as('total'),
        sql<number>`count(*) filter (where t.status = 'resulted')`.as('resulted'),
        sql<number>`count(*) filter (where t.result = 'positive')`.as('positive'),
      ])
      .where('t.round_id', '=', round.id)
      .where(anyPath(paths, 't'))
      .groupBy('v')
      .execute(),
    ctx.db
      .selectFrom('positive_findings as f')
      .select([village('f').as('v'), sql<number>`count(distinct f.person_id)`.as('n')])
      .where('f.round_id', '=', round.id)
      .where(anyPath(paths, 'f'))
      .groupBy('v')
      .execute(),
  ]);
  const todayBy = new Map(today.map((r) => [r.v, Number(r.n)]));
  const tubesBy = new Map(tubes.map((r) => [r.v, r]));
  const positivesBy = new Map(positives.map((r) => [r.v, Number(r.n)]));
  const villages = [...new Set([...tallies.keys(), ...tubesBy.keys(), ...positivesBy.keys()])]
    .filter((v) => v.length === 12)
    .sort();
  const names = await unitNames(ctx.db, villages);
  const rows = villages.map((v): Static<typeof DailyRow> => {
    const t = tallies.get(v);
    const f = t
      ? figuresOf(t)
      : figuresOf({ people: 0, sampled: 0, exempt: { hospital: 0, isolation: 0, away: 0, other: 0 } });
    const tube = tubesBy.get(v);
    const total = Number(tube?.total ?? 0);
    const resulted = Number(tube?.resulted ?? 0);
    return {
      village: { code: v, name: names.get(v) ?? v },
      sampledToday: todayBy.get(v) ?? 0,
      sampledTotal: f.sampled,
      tubes: { total, resulted, pending: total - resulted },
      positiveTubes: Number(tube?.positive ?? 0),
      positivePersons: positivesBy.get(v) ?? 0,
      expected: f.expected,
      missing: { exempt: f.exempt, notSampled: f.missing },
    };
  });
  return {
    round: { id: round.id, name: round.name },
    unit: { code: unit.code, name: unit.short_name, level: unit.level },
    date,
    rows,
  };
}

const EXEMPT_LABELS: Record<(typeof EXEMPT_REASONS)[number], string> = {
  hospital: '住院',
  isolation: '隔离',
  away: '外出',
  other: '其他',
};

/** The daily close as a workbook: aggregates only, no personal data. */
export async function dailyCloseWorkbook(
  report: Static<typeof DailyResponse>,
): Promise<{ buffer: Buffer; fileName: string }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('日清日结');
  sheet.columns = [
    { header: '村（社区）代码', key: 'code', width: 16 },
    { header: '村（社区）', key: 'name', width: 18 },
    { header: '应检人数', key: 'expected', width: 10 },
    { header: '当日采样', key: 'today', width: 10 },
    { header: '累计采样', key: 'total', width: 10 },
    { header: '未采人数', key: 'notSampled', width: 10 },
    ...EXEMPT_REASONS.map((r) => ({ header: `免检·${EXEMPT_LABELS[r]}`, key: `exempt_${r}`, width: 10 })),
    { header: '试管数', key: 'tubes', width: 10 },
    { header: '已出结果', key: 'resulted', width: 10 },
    { header: '待出结果', key: 'pending', width: 10 },
    { header: '阳性管数', key: 'positiveTubes', width: 10 },
    { header: '阳性人数', key: 'positivePersons', width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of report.rows) {
    sheet.addRow({
      code: r.village.code,
      name: r.village.name,
      expected: r.expected,
      today: r.sampledToday,
      total: r.sampledTotal,
      notSampled: r.missing.notSampled,
      ...Object.fromEntries(EXEMPT_REASONS.map((k) => [`exempt_${k}`, r.missing.exempt[k]])),
      tubes: r.tubes.total,
      resulted: r.tubes.resulted,
      pending: r.tubes.pending,
      positiveTubes: r.positiveTubes,
      positivePersons: r.positivePersons,
    });
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, fileName: `日清日结-${report.unit.name}-${report.date}.xlsx` };
}

// ---- Turnaround --------------------------------------------------------------------------------

export async function turnaround(
  ctx: RequestContext,
  roundId: string,
  code: string | undefined,
): Promise<Static<typeof TurnaroundResponse>> {
  const round = await visibleRound(ctx, roundId);
  const { unit, paths } = await coverageTarget(ctx, round, code);
  const tubes = (db: Db) =>
    db.selectFrom('tubes as t').where('t.round_id', '=', round.id).where(anyPath(paths, 't'));
  const started = sql`coalesce(t.closed_at, t.opened_at)`;
  const [stages, minutes, closedHours, resultedHours, labs] = await Promise.all([
    tubes(ctx.db)
      .select(['t.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('t.status')
      .execute(),
    // A histogram in whole minutes (rounded up) instead of one row per tube: exact against any
    // threshold given in minutes, and a few hundred rows even for a city's round.
    tubes(ctx.db)
      .select([
        sql<number | null>`ceil(extract(epoch from (t.resulted_at - ${started})) / 60)::int`.as('m'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('t.status', '<>', 'open')
      .groupBy('m')
      .execute(),
    tubes(ctx.db)
      .select([sql<Date>`date_trunc('hour', t.closed_at)`.as('h'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('t.closed_at', 'is not', null)
      .groupBy('h')
      .execute(),
    tubes(ctx.db)
      .select([
        sql<Date>`date_trunc('hour', t.resulted_at)`.as('h'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('t.resulted_at', 'is not', null)
      .groupBy('h')
      .execute(),
    tubes(ctx.db)
      .innerJoin('labs as l', 'l.id', 't.lab_id')
      .select([
        'l.id',
        'l.code',
        'l.name',
        'l.capacity_per_day',
        sql<number>`count(*) filter (where t.status = 'shipped')`.as('shipped'),
        sql<number>`count(*) filter (where t.status = 'received')`.as('received'),
      ])
      .groupBy(['l.id', 'l.code', 'l.name', 'l.capacity_per_day'])
      .orderBy('l.code')
      .execute(),
  ]);
  const stageCounts = { open: 0, closed: 0, shipped: 0, received: 0, resulted: 0 };
  for (const s of stages) stageCounts[s.status] = Number(s.n);
  // The rule (pending tubes stay in the denominator, early clocks still count) is the domain's.
  const hours: Array<number | null> = [];
  for (const b of minutes) {
    const value = b.m === null ? null : Number(b.m) / 60;
    for (let i = 0; i < Number(b.n); i++) hours.push(value);
  }
  const series = new Map<string, { hour: string; closed: number; resulted: number }>();
  const slot = (h: Date) => {
    const key = new Date(h).toISOString();
    let s = series.get(key);
    if (!s) series.set(key, (s = { hour: key, closed: 0, resulted: 0 }));
    return s;
  };
  for (const r of closedHours) slot(r.h).closed += Number(r.n);
  for (const r of resultedHours) slot(r.h).resulted += Number(r.n);
  return {
    round: { id: round.id, name: round.name },
    unit: { code: unit.code, name: unit.short_name, level: unit.level },
    stages: stageCounts,
    shares: turnaroundShares(hours, round.rules.turnaroundHours),
    measured: hours.length,
    hourly: [...series.values()].sort((a, b) => a.hour.localeCompare(b.hour)),
    labs: labs.map((l) => ({
      id: l.id,
      code: l.code,
      name: l.name,
      capacityPerDay: l.capacity_per_day,
      shippedNotReceived: Number(l.shipped),
      receivedNotResulted: Number(l.received),
    })),
  };
}

// ---- Pool advice -------------------------------------------------------------------------------

/** Rounds of the last `days` whose areas overlap the place. */
export const ADVICE_DAYS = 14;

export async function poolAdviceFor(
  ctx: RequestContext,
  query: { jurisdiction?: string; people?: number },
): Promise<Static<typeof PoolAdviceResponse>> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const unit = await jurisdictionInScope(ctx, query.jurisdiction ?? ctx.actor.jurisdictionCode);
  const scope = scopeOf({ jpath: unit.jpath });
  const since = new Date(Date.now() - ADVICE_DAYS * 24 * 3600_000);
  const rounds = await ctx.db
    .selectFrom('testing_rounds as r')
    .select('r.id')
    .where('r.starts_at', '>=', since)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('testing_round_areas as a')
          .select(sql`1`.as('one'))
          .whereRef('a.round_id', '=', 'r.id')
          .where(sql<boolean>`(a.jpath like ${unit.jpath + '%'} or ${unit.jpath} like a.jpath || '%')`),
      ),
    )
    .execute();
  const ids = rounds.map((r) => r.id);
  // Per round: samples are one per person per round, positive persons distinct within a round.
  const [tested, positives, ledger] = await Promise.all([
    Promise.all(
      ids.map((id) =>
        ctx.db
          .selectFrom('samples as s')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('s.round_id', '=', id)
          .where(inScope(scope, 's'))
          .executeTakeFirstOrThrow(),
      ),
    ),
    ids.length === 0
      ? Promise.resolve([])
      : ctx.db
          .selectFrom('positive_findings as f')
          .select(['f.round_id', sql<number>`count(distinct f.person_id)`.as('n')])
          .where('f.round_id', 'in', ids)
          .where(inScope(scope, 'f'))
          .groupBy('f.round_id')
          .execute(),
    query.people !== undefined
      ? Promise.resolve(null)
      : ctx.db
          .selectFrom('people as p')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(inScope(scope, 'p'))
          .executeTakeFirstOrThrow(),
  ]);
  const testedTotal = tested.reduce((a, r) => a + Number(r.n), 0);
  const positiveTotal = Math.min(
    testedTotal,
    positives.reduce((a, r) => a + Number(r.n), 0),
  );
  const people = query.people ?? Number(ledger?.n ?? 0);
  const advice = poolAdvice({ people, positives: positiveTotal, tested: testedTotal });
  return {
    unit: { code: unit.code, name: unit.short_name, level: unit.level },
    people,
    peopleSource: query.people !== undefined ? 'given' : 'ledger',
    rounds: ids.length,
    tested: testedTotal,
    positives: positiveTotal,
    ...advice,
  };
}
