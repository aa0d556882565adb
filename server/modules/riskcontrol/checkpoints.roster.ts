/**
 * The three-shift roster of a checkpoint (checkpoint_shifts; shifts 1: 0–8 h, 2: 8–16 h, 3: 16–24 h
 * CST) and staffing status.
 *
 * - A shift's staff are set as a whole (setting a shift replaces them): accounts by id — which must exist, be
 *   enabled, lie in the actor's scope and belong to the checkpoint's area (homed in its county, or
 *   above it: a town officer staffs a village's gate) — or people without an account by name and
 *   phone, the phone kept masked only.
 * - Staffing: a shift is staffed when it has `staff_per_shift` people; the roll-up counts, per
 *   village / town / county, the active checkpoints (and gates among them) and how many are fully
 *   staffed for the day and shift asked (default: now).
 */
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { maskPhone, parsePhone } from '../../../domain/idcard.js';
import { displayName, levelRank, type Level } from '../../../domain/jurisdiction.js';
import { addDays } from '../../../domain/tracing.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadCheckpoint, shiftNow } from './checkpoints.service.js';
import type { Roster, RosterQuery, ShiftInput, StaffingQuery, StaffingRollup } from './checkpoints.schema.js';
import { placeInScope } from './zones.service.js';

const MAX_DAYS = 62;

function realDay(day: string, field: string): string {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day)
    throw Errors.validation([{ field, message: 'is not a real day' }]);
  return day;
}

export async function getRoster(
  ctx: RequestContext,
  id: string,
  query: Static<typeof RosterQuery>,
): Promise<Static<typeof Roster>> {
  requirePermission(ctx.actor, Permission.RiskRead);
  const checkpoint = await loadCheckpoint(ctx, id);
  const from = realDay(query.from ?? shiftNow().day, 'from');
  const to = realDay(query.to ?? addDays(from, 6), 'to');
  if (to < from) throw Errors.validation([{ field: 'to', message: 'is before from' }]);
  if (to > addDays(from, MAX_DAYS - 1))
    throw Errors.validation([{ field: 'to', message: `at most ${MAX_DAYS} days at a time` }]);
  const rows = await ctx.db
    .selectFrom('checkpoint_shifts')
    .selectAll()
    .where('county_code', '=', checkpoint.county_code)
    .where('checkpoint_id', '=', checkpoint.id)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .orderBy('shift')
    .orderBy('seq')
    .execute();
  const shifts: Static<typeof Roster>['shifts'] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    for (const shift of [1, 2, 3]) {
      shifts.push({
        day,
        shift,
        required: checkpoint.staff_per_shift,
        staff: rows
          .filter((r) => r.day === day && r.shift === shift)
          .map((r) => ({
            seq: r.seq,
            userId: r.user_id,
            name: r.staff_name,
            phoneMasked: r.staff_phone_masked,
          })),
      });
    }
  }
  return {
    checkpoint: {
      id: checkpoint.id,
      code: checkpoint.code,
      name: checkpoint.name,
      staffPerShift: checkpoint.staff_per_shift,
    },
    from,
    to,
    shifts,
  };
}

/** POST /checkpoints/:id/roster/:day/:shift — the staff of one shift, replaced as a whole. */
export async function setShift(
  ctx: RequestContext,
  id: string,
  dayInput: string,
  shift: number,
  body: Static<typeof ShiftInput>,
): Promise<Static<typeof Roster>> {
  requirePermission(ctx.actor, Permission.RiskCheckpoints);
  const day = realDay(dayInput, 'day');
  const checkpoint = await loadCheckpoint(ctx, id);
  const problems: FieldProblem[] = [];
  const userIds = body.staff.flatMap((s) => ('userId' in s ? [s.userId] : []));
  const users = userIds.length
    ? await ctx.db
        .selectFrom('users')
        .select(['id', 'display_name', 'jpath', 'disabled_at'])
        .where('id', 'in', userIds)
        .execute()
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const county = checkpoint.county_code.endsWith('00') ? checkpoint.jpath : checkpoint.county_code;
  const seen = new Set<string>();
  const staff = body.staff.map((s, i) => {
    if ('userId' in s) {
      const field = `staff/${i}/userId`;
      const user = byId.get(s.userId);
      if (seen.has(s.userId)) problems.push({ field, message: 'is listed twice' });
      seen.add(s.userId);
      if (!user || user.disabled_at) problems.push({ field, message: 'no such active account' });
      else if (!isInScope(scopeOf(ctx.actor), user.jpath))
        problems.push({ field, message: 'is an account outside your jurisdiction' });
      else if (!user.jpath.startsWith(county) && !checkpoint.jpath.startsWith(user.jpath))
        problems.push({ field, message: "is not an account of this checkpoint's area" });
      return { user_id: s.userId, staff_name: user?.display_name ?? '', staff_phone_masked: null };
    }
    const name = s.name.trim();
    if (!name) problems.push({ field: `staff/${i}/name`, message: 'is blank' });
    let phone: string | null = null;
    if (s.phone?.trim()) {
      const parsed = parsePhone(s.phone);
      if (!parsed.ok) problems.push({ field: `staff/${i}/phone`, message: 'not a phone number' });
      else phone = maskPhone(parsed.value);
    }
    return { user_id: null, staff_name: name, staff_phone_masked: phone };
  });
  if (problems.length) throw Errors.validation(problems);

  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('checkpoint_shifts')
      .where('county_code', '=', checkpoint.county_code)
      .where('checkpoint_id', '=', checkpoint.id)
      .where('day', '=', day)
      .where('shift', '=', shift)
      .execute();
    if (staff.length)
      await tx
        .insertInto('checkpoint_shifts')
        .values(
          staff.map((s, i) => ({
            county_code: checkpoint.county_code,
            checkpoint_id: checkpoint.id,
            day,
            shift,
            seq: i + 1,
            ...s,
            created_by: ctx.actor.userId,
          })),
        )
        .execute();
    await recordAudit(
      ctx,
      {
        action: 'risk.roster_changed',
        resourceType: 'checkpoint',
        resourceId: checkpoint.id,
        jpath: checkpoint.jpath,
        detail: { code: checkpoint.code, day, shift, staff: staff.length, userIds },
      },
      tx,
    );
  });
  return getRoster(ctx, id, { from: day, to: day });
}

const WIDTH: Record<'county' | 'town' | 'village', number> = { county: 6, town: 9, village: 12 };

/** GET /staffing — active checkpoints under a place, rolled up per village, town or county. */
export async function staffing(
  ctx: RequestContext,
  query: Static<typeof StaffingQuery>,
): Promise<Static<typeof StaffingRollup>> {
  requirePermission(ctx.actor, Permission.RiskRead);
  const root = query.at
    ? await placeInScope(ctx, query.at, 'at')
    : { jpath: ctx.actor.jpath, level: levelOfPath(ctx.actor.jpath) };
  const rootLevel = root.level as Level;
  const by =
    query.by ??
    (levelRank(rootLevel) < levelRank('county')
      ? 'county'
      : levelRank(rootLevel) < levelRank('town')
        ? 'town'
        : 'village');
  const when = shiftNow(query.day, query.shift);
  const width = WIDTH[by];
  const { rows } = await sql<{
    unit: string;
    checkpoints: number;
    gates: number;
    staffed: number;
    filled: number;
    required: number;
  }>`
    select substr(c.jpath, 1, ${width}) as unit,
           count(*)::int as checkpoints,
           count(*) filter (where c.kind = 'community_gate')::int as gates,
           count(*) filter (where coalesce(s.n, 0) >= c.staff_per_shift)::int as staffed,
           coalesce(sum(least(coalesce(s.n, 0), c.staff_per_shift)), 0)::int as filled,
           coalesce(sum(c.staff_per_shift), 0)::int as required
      from checkpoints c
      left join (select county_code, checkpoint_id, count(*)::int as n from checkpoint_shifts
                  where day = ${when.day}::date and shift = ${when.shift}
                  group by county_code, checkpoint_id) s
        on s.county_code = c.county_code and s.checkpoint_id = c.id
     where c.active and ${inScope(scopeOf({ jpath: root.jpath }), 'c')}
     group by 1
     order by 1`.execute(ctx.db);
  const codes = rows.map((r) => r.unit.padEnd(12, '0'));
  const names = codes.length
    ? await ctx.db
        .selectFrom('jurisdictions')
        .select(['code', 'short_name', 'level'])
        .where('code', 'in', codes)
        .execute()
    : [];
  const name = new Map(names.map((n) => [n.code, displayName(n.level as Level, n.short_name)]));
  const totals = rows.reduce(
    (t, r) => ({
      checkpoints: t.checkpoints + r.checkpoints,
      staffed: t.staffed + r.staffed,
      gates: t.gates + r.gates,
    }),
    { checkpoints: 0, staffed: 0, gates: 0 },
  );
  return {
    ...when,
    by,
    totals,
    rows: rows.map((r) => {
      const code = r.unit.padEnd(12, '0');
      return { ...r, code, name: name.get(code) ?? code };
    }),
  };
}

function levelOfPath(jpath: string): Level {
  if (jpath.includes('B')) return 'building';
  if (jpath.includes('/')) return 'grid';
  return ({ 4: 'city', 6: 'county', 9: 'town' } as Record<number, Level>)[jpath.length] ?? 'village';
}
