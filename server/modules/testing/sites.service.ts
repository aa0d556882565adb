/**
 * Sampling sites and their teams, labs, the staffing suggested by the norms, and exemptions from a
 * round (in hospital, in isolation, away with a reason).
 */
import { sql } from 'kysely';
import { Permission } from '../../../domain/access.js';
import { codeOfPath } from '../../../domain/jurisdiction.js';
import { DEFAULT_EDITION_ID, editionById } from '../../../domain/protocol.js';
import { staffingFor } from '../../../domain/testing.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { assertInScope, inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import { unitNames } from '../population/places.js';
import { visibleRound } from './rounds.service.js';

/** The code of the village a jurisdiction lies in (its first 12 digits), or null above villages. */
function villageOf(jpath: string): string | null {
  const digits = jpath.split('/')[0]!;
  return digits.length === 12 ? digits : null;
}

export interface SiteInput {
  name: string;
  jurisdiction: string;
  address?: string | null;
  hours?: string | null;
  tables?: number;
  active?: boolean;
}

export async function createSite(ctx: RequestContext, input: SiteInput) {
  requirePermission(ctx.actor, Permission.TestingPlan);
  const unit = await jurisdictionInScope(ctx, input.jurisdiction);
  const village = villageOf(unit.jpath);
  if (!village)
    throw Errors.validation([
      { field: 'jurisdiction', message: 'a site lies in a village or community (or below)' },
    ]);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const site = await tx
      .insertInto('sampling_sites')
      .values({
        county_code: unit.county_code,
        jpath: unit.jpath,
        village_code: village,
        name: input.name.trim(),
        address: input.address ?? null,
        hours: input.hours ?? null,
        tables: input.tables ?? 1,
        active: input.active ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.site_changed',
        resourceType: 'site',
        resourceId: site.id,
        jpath: site.jpath,
        detail: { created: true, name: site.name },
      },
    );
    return site;
  });
  return (await presentSites(ctx, [row]))[0]!;
}

async function loadSite(ctx: RequestContext, id: string) {
  const site = await ctx.db.selectFrom('sampling_sites').selectAll().where('id', '=', id).executeTakeFirst();
  if (!site) throw Errors.notFound('Site', id);
  assertInScope(scopeOf(ctx.actor), site.jpath, `Site ${id}`);
  return site;
}

/** A site the actor may use (sampling at it): in scope and active. */
export async function siteForSampling(ctx: RequestContext, id: string) {
  const site = await loadSite(ctx, id);
  if (!site.active) throw Errors.validation([{ field: 'siteId', message: 'this site is not active' }]);
  return site;
}

export async function updateSite(
  ctx: RequestContext,
  id: string,
  patch: Partial<Omit<SiteInput, 'jurisdiction'>>,
) {
  requirePermission(ctx.actor, Permission.TestingPlan);
  const site = await loadSite(ctx, id);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('sampling_sites')
      .set({
        ...(patch.name ? { name: patch.name.trim() } : {}),
        ...(patch.address !== undefined ? { address: patch.address } : {}),
        ...(patch.hours !== undefined ? { hours: patch.hours } : {}),
        ...(patch.tables !== undefined ? { tables: patch.tables } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.site_changed',
        resourceType: 'site',
        resourceId: id,
        jpath: site.jpath,
        detail: { fields: Object.keys(patch) },
      },
    );
    return updated;
  });
  return (await presentSites(ctx, [row]))[0]!;
}

export async function listSites(
  ctx: RequestContext,
  query: { jurisdiction?: string; limit?: number; offset?: number },
) {
  requirePermission(ctx.actor, Permission.TestingRead);
  const within = query.jurisdiction
    ? scopeOf(await jurisdictionInScope(ctx, query.jurisdiction))
    : scopeOf(ctx.actor);
  const rows = await ctx.db
    .selectFrom('sampling_sites')
    .selectAll()
    .where(inScope(scopeOf(ctx.actor), 'sampling_sites'))
    .where(inScope(within, 'sampling_sites'))
    .orderBy('jpath')
    .orderBy('name')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return presentSites(ctx, rows);
}

type SiteRow = Awaited<ReturnType<typeof loadSite>>;

async function presentSites(ctx: RequestContext, rows: SiteRow[]) {
  const ids = rows.map((r) => r.id);
  const [teams, names] = await Promise.all([
    ids.length
      ? ctx.db.selectFrom('sampling_teams').selectAll().where('site_id', 'in', ids).orderBy('name').execute()
      : Promise.resolve([]),
    unitNames(
      ctx.db,
      rows.flatMap((r) => [r.village_code, codeOfPath(r.jpath)]),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    village: { code: r.village_code, name: names.get(r.village_code) ?? r.village_code },
    place: { code: codeOfPath(r.jpath), name: names.get(codeOfPath(r.jpath)) ?? codeOfPath(r.jpath) },
    address: r.address,
    hours: r.hours,
    tables: r.tables,
    active: r.active,
    teams: teams.filter((t) => t.site_id === r.id).map(presentTeam),
  }));
}

function presentTeam(t: {
  id: string;
  site_id: string;
  name: string;
  leader: string | null;
  samplers: number;
  helpers: number;
}) {
  return {
    id: t.id,
    siteId: t.site_id,
    name: t.name,
    leader: t.leader,
    samplers: t.samplers,
    helpers: t.helpers,
  };
}

export interface TeamInput {
  name: string;
  leader?: string | null;
  samplers?: number;
  helpers?: number;
}

export async function addTeam(ctx: RequestContext, siteId: string, input: TeamInput) {
  requirePermission(ctx.actor, Permission.TestingPlan);
  const site = await loadSite(ctx, siteId);
  const row = await ctx.db
    .insertInto('sampling_teams')
    .values({
      county_code: site.county_code,
      jpath: site.jpath,
      site_id: site.id,
      name: input.name.trim(),
      leader: input.leader ?? null,
      samplers: input.samplers ?? 0,
      helpers: input.helpers ?? 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentTeam(row);
}

async function loadTeam(ctx: RequestContext, id: string) {
  const team = await ctx.db.selectFrom('sampling_teams').selectAll().where('id', '=', id).executeTakeFirst();
  if (!team) throw Errors.notFound('Team', id);
  assertInScope(scopeOf(ctx.actor), team.jpath, `Team ${id}`);
  return team;
}

export async function updateTeam(ctx: RequestContext, id: string, patch: Partial<TeamInput>) {
  requirePermission(ctx.actor, Permission.TestingPlan);
  await loadTeam(ctx, id);
  const row = await ctx.db
    .updateTable('sampling_teams')
    .set({
      ...(patch.name ? { name: patch.name.trim() } : {}),
      ...(patch.leader !== undefined ? { leader: patch.leader } : {}),
      ...(patch.samplers !== undefined ? { samplers: patch.samplers } : {}),
      ...(patch.helpers !== undefined ? { helpers: patch.helpers } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentTeam(row);
}

export async function deleteTeam(ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx.actor, Permission.TestingPlan);
  await loadTeam(ctx, id);
  await ctx.db.deleteFrom('sampling_teams').where('id', '=', id).execute();
}

// ——— labs ———

export interface LabInput {
  code: string;
  name: string;
  kind?: 'fixed' | 'mobile';
  capacityPerDay?: number;
  jurisdiction: string;
}

export async function createLab(ctx: RequestContext, input: LabInput) {
  requirePermission(ctx.actor, Permission.TestingPlan);
  const unit = await jurisdictionInScope(ctx, input.jurisdiction);
  const code = input.code.trim().toUpperCase();
  const taken = await ctx.db.selectFrom('labs').select('id').where('code', '=', code).executeTakeFirst();
  if (taken) throw Errors.codeTaken('Lab', code);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const lab = await tx
      .insertInto('labs')
      .values({
        county_code: unit.county_code,
        jpath: unit.jpath,
        code,
        name: input.name.trim(),
        kind: input.kind ?? 'fixed',
        capacity_per_day: input.capacityPerDay ?? 0,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.lab_changed',
        resourceType: 'lab',
        resourceId: lab.id,
        jpath: lab.jpath,
        detail: { created: true, code },
      },
    );
    return lab;
  });
  return (await presentLabs(ctx, [row]))[0]!;
}

/**
 * Labs a user may send to or work for: those of their subtree and those above it (a village's
 * samplers ship to the county's or the city's lab).
 */
export async function listLabs(ctx: RequestContext) {
  requirePermission(ctx.actor, Permission.TestingRead);
  const home = ctx.actor.jpath;
  const rows = await ctx.db
    .selectFrom('labs')
    .selectAll()
    .where((eb) => eb.or([eb('jpath', 'like', `${home}%`), sql<boolean>`${home} like labs.jpath || '%'`]))
    .orderBy('jpath')
    .orderBy('name')
    .execute();
  return presentLabs(ctx, rows);
}

type LabRow = {
  id: string;
  code: string;
  name: string;
  kind: 'fixed' | 'mobile';
  capacity_per_day: number;
  jpath: string;
};

async function presentLabs(ctx: RequestContext, rows: LabRow[]) {
  const names = await unitNames(
    ctx.db,
    rows.map((r) => codeOfPath(r.jpath)),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    capacityPerDay: r.capacity_per_day,
    place: { code: codeOfPath(r.jpath), name: names.get(codeOfPath(r.jpath)) ?? '' },
  }));
}

/**
 * A lab the actor may work for: of their subtree or above it (a city lab serves every county). The
 * lab engineer's services call this before receiving or recording anything.
 */
export async function labForActor(ctx: RequestContext, id: string) {
  const lab = await ctx.db.selectFrom('labs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!lab) throw Errors.notFound('Lab', id);
  const home = ctx.actor.jpath;
  if (!(lab.jpath.startsWith(home) || home.startsWith(lab.jpath))) throw Errors.outOfScope(`Lab ${id}`);
  return lab;
}

// ——— staffing ———

export async function staffing(ctx: RequestContext, query: { jurisdiction: string; roundId?: string }) {
  requirePermission(ctx.actor, Permission.TestingRead);
  const unit = await jurisdictionInScope(ctx, query.jurisdiction);
  const rules = query.roundId ? (await visibleRound(ctx, query.roundId)).rules : undefined;
  const norms = (rules ?? editionById(DEFAULT_EDITION_ID).testing).staffing;
  const scope = scopeOf(unit);
  const [people, actual] = await Promise.all([
    ctx.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(inScope(scope, 'people'))
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('sampling_sites as s')
      .leftJoin('sampling_teams as t', 't.site_id', 's.id')
      .select((eb) => [
        eb.fn.count<number>(sql`distinct s.id`).as('sites'),
        eb.fn.coalesce(eb.fn.sum<number>('t.samplers'), sql<number>`0`).as('samplers'),
        eb.fn.coalesce(eb.fn.sum<number>('t.helpers'), sql<number>`0`).as('helpers'),
      ])
      .where(inScope(scope, 's'))
      .where('s.active', '=', true)
      .executeTakeFirstOrThrow(),
  ]);
  const tables = await ctx.db
    .selectFrom('sampling_sites as s')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('s.tables'), sql<number>`0`).as('n'))
    .where(inScope(scope, 's'))
    .where('s.active', '=', true)
    .executeTakeFirstOrThrow();
  const n = Number(people.n);
  const names = await unitNames(ctx.db, [unit.code]);
  return {
    jurisdiction: { code: unit.code, name: names.get(unit.code) ?? unit.name },
    people: n,
    suggested: staffingFor(n, norms),
    actual: {
      sites: Number(actual.sites),
      samplers: Number(actual.samplers),
      helpers: Number(actual.helpers),
      tables: Number(tables.n),
    },
  };
}
