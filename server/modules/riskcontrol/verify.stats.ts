/**
 * A day's checks per checkpoint and shift: vehicles and people checked, passed, turned back, and
 * the turn-backs by reason; totals. From `checkpoint_checks` (online and synced offline checks
 * alike), limited to the checkpoints of the user's subtree (or of a jurisdiction inside it).
 */
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { cstDate } from '../../../domain/tracing.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import type { CheckpointStats, StatsQuery } from './verify.schema.js';

type Stats = Static<typeof CheckpointStats>;

export async function checkpointStats(ctx: RequestContext, query: Static<typeof StatsQuery>): Promise<Stats> {
  requirePermission(ctx.actor, Permission.RiskRead);
  const jpath = query.at
    ? (await jurisdictionInScope(ctx, normaliseCode(query.at, 'at'))).jpath
    : ctx.actor.jpath;
  const scope = scopeOf({ jpath });
  const day = query.day ?? cstDate(new Date());
  const base = ctx.db
    .selectFrom('checkpoint_checks as k')
    .where(inScope(scope, 'k'))
    .where('k.day', '=', day);
  const [counts, reasons] = await Promise.all([
    base
      .innerJoin('checkpoints as c', (j) =>
        j.onRef('c.county_code', '=', 'k.county_code').onRef('c.id', '=', 'k.checkpoint_id'),
      )
      .select([
        'k.checkpoint_id',
        'c.code',
        'c.name',
        'k.shift',
        sql<number>`count(*) filter (where k.vehicle)`.as('vehicles'),
        sql<number>`count(*) filter (where not k.vehicle)`.as('people'),
        sql<number>`count(*) filter (where k.verdict = 'pass')`.as('passed'),
        sql<number>`count(*) filter (where k.verdict = 'turn_back')`.as('turned_back'),
      ])
      .groupBy(['k.checkpoint_id', 'c.code', 'c.name', 'k.shift'])
      .orderBy('c.code')
      .orderBy('k.shift')
      .execute(),
    base
      .innerJoin(sql<{ reason: string }>`unnest(k.reason_codes)`.as('r'), (j) => j.onTrue())
      .select(['k.checkpoint_id', 'k.shift', sql<string>`r`.as('reason'), sql<number>`count(*)`.as('n')])
      .where('k.verdict', '=', 'turn_back')
      .groupBy(['k.checkpoint_id', 'k.shift', sql`r`])
      .execute(),
  ]);
  const byRow = new Map<string, Record<string, number>>();
  const totalReasons: Record<string, number> = {};
  for (const r of reasons) {
    const key = `${r.checkpoint_id}/${r.shift}`;
    const entry = byRow.get(key) ?? {};
    entry[r.reason] = Number(r.n);
    byRow.set(key, entry);
    totalReasons[r.reason] = (totalReasons[r.reason] ?? 0) + Number(r.n);
  }
  const rows = counts.map((c) => ({
    checkpointId: c.checkpoint_id,
    code: c.code,
    name: c.name,
    shift: c.shift as 1 | 2 | 3,
    vehicles: Number(c.vehicles),
    people: Number(c.people),
    passed: Number(c.passed),
    turnedBack: Number(c.turned_back),
    reasons: byRow.get(`${c.checkpoint_id}/${c.shift}`) ?? {},
  }));
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    day,
    rows,
    totals: {
      checked: sum((r) => r.passed + r.turnedBack),
      passed: sum((r) => r.passed),
      turnedBack: sum((r) => r.turnedBack),
      reasons: totalReasons,
    },
  };
}
