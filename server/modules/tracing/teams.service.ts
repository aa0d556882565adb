/**
 * Joint investigation teams (流调专班), each responsible for an area (分片包干), and the board of
 * every investigator's load.
 *
 * A team's area is any jurisdiction in the creating administrator's subtree; its members are
 * investigators from anywhere in the city — a team sent from another county (跨区支援) works the
 * cases it is given and, through cases.access.ts, may open exactly those. A new case nobody was
 * named for goes to the team whose area most specifically contains the case's place
 * (cases.service.ts `insertCase`).
 */
import { type Transaction, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission, ROLES, roleHas } from '../../../domain/access.js';
import { cstDate, cstMidnight, CLOCKS } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { placesOfPaths } from '../population/places.js';
import type { Executor } from './cases.access.js';
import type { LoadRow, Team, TeamInput, TeamPatch } from './cases.schema.js';
import { CLOCK_COLUMN, clockDueSql, overdueSql } from './cases.service.js';

const INVESTIGATOR_ROLES = ROLES.filter((r) => roleHas(r, Permission.TracingInvestigate));

interface TeamRow {
  id: string;
  name: string;
  jpath: string;
  leader_id: string | null;
  leader_name: string | null;
  members: Array<{ id: string; name: string }>;
  open_cases: number;
}

async function selectTeams(db: Executor, where: ReturnType<typeof sql<boolean>>): Promise<TeamRow[]> {
  const { rows } = await sql<TeamRow>`
    select t.id, t.name, t.jpath, t.leader_id, l.display_name as leader_name,
           coalesce((select json_agg(json_build_object('id', u.id, 'name', u.display_name) order by u.display_name)
                     from tracing_team_members m join users u on u.id = m.user_id where m.team_id = t.id), '[]'::json)
             as members,
           (select count(*)::int from cases c where c.team_id = t.id and c.status = 'open') as open_cases
    from tracing_teams t left join users l on l.id = t.leader_id
    where ${where}
    order by t.jpath, t.name, t.id`.execute(db);
  return rows;
}

async function present(db: Executor, rows: TeamRow[]): Promise<Array<Static<typeof Team>>> {
  const placeOf = await placesOfPaths(
    db,
    rows.map((t) => t.jpath),
  );
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    area: placeOf(t.jpath),
    leader: t.leader_id ? { id: t.leader_id, name: t.leader_name ?? '' } : null,
    members: t.members,
    openCases: t.open_cases,
  }));
}

/** Teams whose area lies in my subtree, and the teams I am a member of. */
export async function listTeams(ctx: RequestContext): Promise<Array<Static<typeof Team>>> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const rows = await selectTeams(
    ctx.db,
    sql<boolean>`(${inScope(scopeOf(ctx.actor), 't')}
      or t.id in (select team_id from tracing_team_members where user_id = ${ctx.actor.userId}))`,
  );
  return present(ctx.db, rows);
}

async function teamById(db: Executor, id: string): Promise<Static<typeof Team>> {
  const [team] = await present(db, await selectTeams(db, sql<boolean>`t.id = ${id}::uuid`));
  if (!team) throw Errors.notFound('Team', id);
  return team;
}

/** Members (and the leader, who is one) must be active investigators of the city. */
async function checkedMembers(
  ctx: RequestContext,
  memberIds: readonly string[],
  leaderId: string | null,
): Promise<string[]> {
  const ids = [...new Set([...memberIds, ...(leaderId ? [leaderId] : [])])];
  if (ids.length === 0) return [];
  const found = await ctx.db
    .selectFrom('users')
    .select(['id', 'role', 'jpath', 'disabled_at'])
    .where('id', 'in', ids)
    .execute();
  const ok = new Set(
    found
      .filter(
        (u) =>
          !u.disabled_at &&
          INVESTIGATOR_ROLES.some((r) => r === u.role) &&
          u.jpath.startsWith(ctx.actor.jpath.slice(0, 4)),
      )
      .map((u) => u.id),
  );
  const bad = memberIds.findIndex((id) => !ok.has(id));
  if (bad >= 0)
    throw Errors.validation([{ field: `memberIds/${bad}`, message: 'not an active investigator' }]);
  if (leaderId && !ok.has(leaderId)) {
    throw Errors.validation([{ field: 'leaderId', message: 'not an active investigator' }]);
  }
  return ids;
}

async function writeMembers(
  tx: Transaction<Database>,
  teamId: string,
  ids: readonly string[],
): Promise<void> {
  await tx.deleteFrom('tracing_team_members').where('team_id', '=', teamId).execute();
  if (ids.length > 0) {
    await tx
      .insertInto('tracing_team_members')
      .values(ids.map((user_id) => ({ team_id: teamId, user_id })))
      .execute();
  }
}

export async function createTeam(
  ctx: RequestContext,
  input: Static<typeof TeamInput>,
): Promise<Static<typeof Team>> {
  requirePermission(ctx.actor, Permission.TracingAssign);
  const area = await jurisdictionInScope(ctx, normaliseCode(input.area, 'area'));
  const leaderId = input.leaderId || null;
  const members = await checkedMembers(ctx, input.memberIds, leaderId);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const team = await tx
      .insertInto('tracing_teams')
      .values({
        county_code: area.county_code,
        jpath: area.jpath,
        name: input.name.trim(),
        leader_id: leaderId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeMembers(tx, team.id, members);
    await recordAudit(
      ctx,
      {
        action: 'tracing.team_changed',
        resourceType: 'team',
        resourceId: team.id,
        jpath: area.jpath,
        detail: { change: 'created', name: input.name, area: area.code, members: members.length },
      },
      tx,
    );
    return team.id;
  });
  return teamById(ctx.db, id);
}

async function teamInScope(ctx: RequestContext, id: string) {
  const team = await ctx.db.selectFrom('tracing_teams').selectAll().where('id', '=', id).executeTakeFirst();
  if (!team) throw Errors.notFound('Team', id);
  if (!isInScope(scopeOf(ctx.actor), team.jpath)) throw Errors.outOfScope(`Team ${team.name}`);
  return team;
}

export async function updateTeam(
  ctx: RequestContext,
  id: string,
  patch: Static<typeof TeamPatch>,
): Promise<Static<typeof Team>> {
  requirePermission(ctx.actor, Permission.TracingAssign);
  const team = await teamInScope(ctx, id);
  const area = patch.area ? await jurisdictionInScope(ctx, normaliseCode(patch.area, 'area')) : null;
  const leaderId = patch.leaderId === undefined ? team.leader_id : patch.leaderId || null;
  const members =
    patch.memberIds !== undefined || patch.leaderId
      ? await checkedMembers(
          ctx,
          patch.memberIds ??
            (
              await ctx.db
                .selectFrom('tracing_team_members')
                .select('user_id')
                .where('team_id', '=', id)
                .execute()
            ).map((m) => m.user_id),
          leaderId,
        )
      : null;
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('tracing_teams')
      .set({
        ...(patch.name ? { name: patch.name.trim() } : {}),
        ...(area ? { county_code: area.county_code, jpath: area.jpath } : {}),
        leader_id: leaderId,
      })
      .where('id', '=', id)
      .execute();
    if (members) await writeMembers(tx, id, members);
    await recordAudit(
      ctx,
      {
        action: 'tracing.team_changed',
        resourceType: 'team',
        resourceId: id,
        jpath: area?.jpath ?? team.jpath,
        detail: { change: 'updated', fields: Object.keys(patch) },
      },
      tx,
    );
  });
  return teamById(ctx.db, id);
}

/** A team with open cases is not deleted: reassign them first. Its closed cases forget the team. */
export async function deleteTeam(ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx.actor, Permission.TracingAssign);
  const team = await teamInScope(ctx, id);
  await ctx.db.transaction().execute(async (tx) => {
    const open = await tx
      .selectFrom('cases')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('team_id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    if (open.n > 0) {
      throw Errors.validation([
        { field: 'id', message: `the team still has ${open.n} open case(s); reassign them first` },
      ]);
    }
    await tx.updateTable('cases').set({ team_id: null }).where('team_id', '=', id).execute();
    await tx.deleteFrom('tracing_teams').where('id', '=', id).execute();
    await recordAudit(
      ctx,
      {
        action: 'tracing.team_changed',
        resourceType: 'team',
        resourceId: id,
        jpath: team.jpath,
        detail: { change: 'deleted', name: team.name },
      },
      tx,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The load board

/**
 * Each investigator's load: the investigators homed under `jpath` and the members of teams whose
 * area lies there. A person's load is all their open cases (assigned to them or to one of their
 * teams), wherever the cases are: it is the person who is busy.
 */
export async function loadRows(
  db: Executor,
  jpath: string,
  now: Date,
): Promise<Array<Static<typeof LoadRow>>> {
  const like = `${jpath}%`;
  const soon = new Date(now.getTime() + 3600_000);
  const dueSoon = sql.join(
    CLOCKS.map(
      (c) =>
        sql`(${sql.ref(`c.${CLOCK_COLUMN[c]}`)} is null and ${clockDueSql(c, 'c')} >= ${now}::timestamptz
             and ${clockDueSql(c, 'c')} < ${soon}::timestamptz)`,
    ),
    sql` or `,
  );
  const { rows } = await sql<{
    id: string;
    name: string;
    teams: string[];
    open: number;
    overdue: number;
    due_soon: number;
    calls_today: number;
  }>`
    with people as (
      select u.id, u.display_name from users u
      where u.disabled_at is null and u.role in (${sql.join(INVESTIGATOR_ROLES.map((r) => sql`${r}::text`))})
        and u.jpath like ${like}
      union
      select u.id, u.display_name from tracing_team_members m
      join tracing_teams t on t.id = m.team_id join users u on u.id = m.user_id
      where t.jpath like ${like} and u.disabled_at is null
    ),
    work as (
      select p.id as user_id, c.* from people p
      join cases c on c.status = 'open'
       and (c.assignee_id = p.id or c.team_id in (select team_id from tracing_team_members where user_id = p.id))
    )
    select p.id, p.display_name as name,
      coalesce((select json_agg(t.name order by t.name) from tracing_team_members m
                join tracing_teams t on t.id = m.team_id where m.user_id = p.id), '[]'::json) as teams,
      (select count(*)::int from work c where c.user_id = p.id) as open,
      (select count(*)::int from work c where c.user_id = p.id and ${overdueSql(now, 'c')}) as overdue,
      (select count(*)::int from work c where c.user_id = p.id and (${dueSoon})) as due_soon,
      (select count(*)::int from case_calls k
        where k.user_id = p.id and k.called_at >= ${cstMidnight(cstDate(now))}::timestamptz) as calls_today
    from people p
    order by open desc, overdue desc, p.display_name, p.id`.execute(db);
  return rows.map((r) => ({
    user: { id: r.id, name: r.name },
    teams: r.teams,
    open: r.open,
    overdue: r.overdue,
    dueSoon: r.due_soon,
    callsToday: r.calls_today,
  }));
}

/** GET /board: the load of the investigators of my subtree. */
export async function board(ctx: RequestContext): Promise<Array<Static<typeof LoadRow>>> {
  requirePermission(ctx.actor, Permission.TracingRead);
  return loadRows(ctx.db, ctx.actor.jpath, new Date());
}
