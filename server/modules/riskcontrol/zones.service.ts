/**
 * Zones (封控区 / 管控区 / 防范区, or the 9th edition's high / medium / low risk areas) for the
 * command's pages: declaring one over any jurisdiction with its reason and cases, lists and the
 * county map with each zone's lifting state, the zone page with its history, linking more cases.
 * Lifting and stepping down live in zones.lift.ts; the lifting state in zones.evaluation.ts; the
 * lockdown gates in zones.gates.ts.
 *
 * Visibility: a zone is seen by users whose jurisdiction contains it (platform/scope.ts) — and, to
 * read only, by users inside the place it covers (a village worker sees the sealed town around
 * them). Changing a zone needs it in scope.
 *
 * One active zone per jurisdiction (unique index `zones_active`): declaring another kind over the
 * same place replaces the old zone (it ends as lifted with the note "replaced", a 'replaced' event
 * on both, history kept); declaring the same kind again is refused (ZONE_EXISTS).
 */
import { maskName } from '../../../domain/idcard.js';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { ancestorPaths, countyCodeOf, displayName, type Level } from '../../../domain/jurisdiction.js';
import { DEFAULT_EDITION_ID, EDITIONS, editionById } from '../../../domain/protocol.js';
import type { Database, JurisdictionRow } from '../../db/schema.js';
import { type Actor, type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { assertInScope, inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { findJurisdiction, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { caseVisible } from '../tracing/cases.access.js';
import { ZONE_CHANGED } from './riskcontrol.topics.js';
import { type LiftingView, evaluateZone, refreshStale, todayCst } from './zones.evaluation.js';
import type { ZoneRow } from './zones.facts.js';
import { lockDown, releaseGates } from './zones.gates.js';
import type {
  LinkCasesInput,
  ZoneDetail,
  ZoneInput,
  ZoneList,
  ZoneListQuery,
  ZoneMap,
  ZoneSummary,
} from './zones.schema.js';

type Db = Kysely<Database> | Transaction<Database>;
type Summary = Static<typeof ZoneSummary>;
type Detail = Static<typeof ZoneDetail>;

// ---------------------------------------------------------------------------------------------
// Places, visibility, loading

/** A jurisdiction named in a body or query: unknown → 400 naming the field; outside → OUT_OF_SCOPE. */
export async function placeInScope(
  ctx: RequestContext,
  input: string,
  field: string,
): Promise<JurisdictionRow> {
  const code = normaliseCode(input, field);
  const row = await findJurisdiction(ctx.db, code);
  if (!row) throw Errors.validation([{ field, message: `no jurisdiction ${input}` }]);
  assertInScope(scopeOf(ctx.actor), row.jpath, `Jurisdiction ${code}`);
  return row;
}

/** Zones in scope, or covering the actor's home (read only). */
function zoneVisible(actor: Actor) {
  const covering = [...ancestorPaths(actor.jpath), actor.jpath];
  return (eb: ExpressionBuilder<Database & { z: Database['zones'] }, 'z'>) =>
    eb.or([inScope(scopeOf(actor), 'z') as never, eb('z.jpath', 'in', covering)]);
}

/** The zone, if the actor may see it (NOT_FOUND / OUT_OF_SCOPE otherwise); `change` needs it in scope. */
export async function loadZone(
  ctx: Pick<RequestContext, 'db' | 'actor'>,
  id: string,
  options: { tx?: Transaction<Database>; forUpdate?: boolean; change?: boolean } = {},
): Promise<ZoneRow> {
  let qb = (options.tx ?? ctx.db).selectFrom('zones').selectAll().where('id', '=', id);
  if (options.forUpdate) qb = qb.forUpdate();
  const row = await qb.executeTakeFirst();
  if (!row) throw Errors.notFound('Zone', id);
  const scope = scopeOf(ctx.actor);
  const visible =
    isInScope(scope, row.jpath) ||
    (!options.change && isInScope({ jpath: row.jpath, countyCode: null }, ctx.actor.jpath));
  if (!visible) throw Errors.outOfScope(`Zone ${row.name}`);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Presenting

export async function presentZones(
  db: Kysely<Database>,
  rows: readonly ZoneRow[],
  lifting: Map<string, LiftingView>,
): Promise<Summary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [places, cases, gates] = await Promise.all([
    db
      .selectFrom('jurisdictions')
      .select(['code', 'short_name', 'level'])
      .where('code', 'in', [...new Set(rows.map((r) => r.jurisdiction_code))])
      .execute(),
    db
      .selectFrom('zone_cases as zc')
      .innerJoin('cases as k', (j) =>
        j.onRef('k.county_code', '=', 'zc.case_county_code').onRef('k.id', '=', 'zc.case_id'),
      )
      .select(['zc.zone_id', 'k.id', 'k.number', 'k.name'])
      .where('zc.zone_id', 'in', ids)
      .orderBy('k.number')
      .execute(),
    db
      .selectFrom('checkpoints')
      .select([
        'zone_id',
        (eb) => eb.fn.countAll<number>().as('total'),
        (eb) => eb.fn.sum<number>(sql`case when active then 1 else 0 end`).as('active'),
      ])
      .where('zone_id', 'in', ids)
      .where('kind', '=', 'community_gate')
      .groupBy('zone_id')
      .execute(),
  ]);
  const place = new Map(places.map((p) => [p.code, p]));
  const gate = new Map(gates.map((g) => [g.zone_id, g]));
  return rows.map((r) => {
    const p = place.get(r.jurisdiction_code);
    const g = gate.get(r.id);
    return {
      id: r.id,
      countyCode: r.county_code,
      place: {
        code: r.jurisdiction_code,
        name: p ? displayName(p.level as Level, p.short_name) : r.name,
        level: p?.level ?? 'unknown',
      },
      name: r.name,
      kind: r.kind,
      editionId: r.edition_id,
      reason: r.reason,
      startedOn: r.started_on,
      status: r.status,
      previousZoneId: r.previous_zone_id,
      steppedFromHighOn: r.stepped_from_high_on,
      endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      endNote: r.end_note,
      lifting: r.status === 'active' ? (lifting.get(r.id) ?? (r.evaluation as LiftingView | null)) : null,
      cases: cases
        .filter((c) => c.zone_id === r.id)
        .map((c) => ({ id: c.id, number: c.number, nameMasked: maskName(c.name) })),
      gates: { active: Number(g?.active ?? 0), total: Number(g?.total ?? 0) },
      version: r.version,
    };
  });
}

export async function presentDetail(
  db: Kysely<Database>,
  row: ZoneRow,
  options: { refresh?: boolean } = {},
): Promise<Detail> {
  const lifting =
    row.status === 'active' && options.refresh !== false
      ? await refreshStale(db, [row])
      : new Map<string, LiftingView>();
  const fresh =
    lifting.size > 0
      ? await db.selectFrom('zones').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()
      : row;
  const [summary] = await presentZones(db, [fresh], lifting);
  const events = await db
    .selectFrom('zone_events as e')
    .leftJoin('users as u', 'u.id', 'e.by_user')
    .select(['e.id', 'e.at', 'e.by_user', 'u.display_name', 'e.action', 'e.detail'])
    .where('e.zone_id', '=', row.id)
    .where('e.county_code', '=', row.county_code)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  const next = await db
    .selectFrom('zones')
    .select(['id', 'kind'])
    .where('previous_zone_id', '=', row.id)
    .executeTakeFirst();
  const replacedBy = events.find((e) => e.action === 'replaced')?.detail as
    { by?: string; kind?: string } | undefined;
  return {
    ...summary!,
    events: events.map((e) => ({
      id: Number(e.id),
      at: e.at.toISOString(),
      by: e.by_user ? { id: e.by_user, name: e.display_name ?? '' } : null,
      action: e.action,
      detail: e.detail,
    })),
    next: next
      ? { id: next.id, kind: next.kind }
      : replacedBy?.by && replacedBy.kind
        ? { id: replacedBy.by, kind: replacedBy.kind as ZoneRow['kind'] }
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Shared writing steps

export async function zoneEvent(
  tx: Transaction<Database>,
  zone: Pick<ZoneRow, 'id' | 'county_code'>,
  by: string | null,
  action: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx
    .insertInto('zone_events')
    .values({
      county_code: zone.county_code,
      zone_id: zone.id,
      by_user: by,
      action,
      detail: JSON.stringify(detail),
    })
    .execute();
}

export function zoneChanged(tx: Transaction<Database>, zone: Pick<ZoneRow, 'id' | 'county_code' | 'jpath'>) {
  return emitEvent(tx, ZONE_CHANGED, { zoneId: zone.id, countyCode: zone.county_code }, zone.jpath);
}

/** Case numbers the actor may open (tracing's one rule) → cases; an unknown one is a 400 naming it. */
async function casesByNumber(ctx: RequestContext, db: Db, numbers: readonly string[], field: string) {
  const wanted = [...new Set(numbers.map((n) => n.trim()).filter(Boolean))];
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('cases as k')
    .select(['k.id', 'k.county_code', 'k.number'])
    .where('k.number', 'in', wanted)
    .where(caseVisible(ctx.actor, 'k') as never)
    .execute();
  const found = new Set(rows.map((r) => r.number));
  const missing = numbers.findIndex((n) => n.trim() && !found.has(n.trim()));
  if (missing >= 0)
    throw Errors.validation([
      { field: `${field}/${missing}`, message: `no case ${numbers[missing]} you may open` },
    ]);
  return rows;
}

async function linkCases(
  ctx: RequestContext,
  tx: Transaction<Database>,
  zone: ZoneRow,
  cases: ReadonlyArray<{ id: string; county_code: string; number: string }>,
): Promise<string[]> {
  if (cases.length === 0) return [];
  const linked = await tx
    .insertInto('zone_cases')
    .values(
      cases.map((k) => ({
        county_code: zone.county_code,
        zone_id: zone.id,
        case_id: k.id,
        case_county_code: k.county_code,
        linked_by: ctx.actor.userId,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('case_id')
    .execute();
  const ids = new Set(linked.map((l) => l.case_id));
  const numbers = cases.filter((k) => ids.has(k.id)).map((k) => k.number);
  if (numbers.length) await zoneEvent(tx, zone, ctx.actor.userId, 'cases_linked', { numbers });
  return numbers;
}

function checkedEdition(editionId: string | undefined): string {
  const id = editionId ?? DEFAULT_EDITION_ID;
  try {
    return editionById(id).id;
  } catch {
    throw Errors.validation([
      {
        field: 'editionId',
        message: `unknown protocol edition ${id} (${EDITIONS.map((e) => e.id).join(', ')})`,
      },
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// Declaring

export async function declareZone(ctx: RequestContext, body: Static<typeof ZoneInput>): Promise<Detail> {
  requirePermission(ctx.actor, Permission.RiskZones);
  const today = todayCst();
  const editionId = checkedEdition(body.editionId);
  const kinds = editionById(editionId).zones.kinds;
  if (!kinds.includes(body.kind))
    throw Errors.validation([
      {
        field: 'kind',
        message: `${body.kind} is not a zone kind of edition ${editionId} (${kinds.join(', ')})`,
      },
    ]);
  const reason = body.reason.trim();
  if (!reason) throw Errors.validation([{ field: 'reason', message: 'is blank' }]);
  const startedOn = body.startedOn ?? today;
  if (Number.isNaN(Date.parse(startedOn)) || startedOn > today)
    throw Errors.validation([{ field: 'startedOn', message: 'must be a real day, not in the future' }]);
  const place = await placeInScope(ctx, body.place, 'place');
  const cases = await casesByNumber(ctx, ctx.db, body.caseNumbers ?? [], 'caseNumbers');

  const zoneId = await ctx.db.transaction().execute(async (tx) => {
    // One declaration per place at a time: the unique index would refuse the second anyway.
    await sql`select pg_advisory_xact_lock(hashtext(${`risk.place.${place.code}`}::text))`.execute(tx);
    const countyCode = countyCodeOf(place.code);
    const old = await tx
      .selectFrom('zones')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('jurisdiction_code', '=', place.code)
      .where('status', '=', 'active')
      .forUpdate()
      .executeTakeFirst();
    if (old && old.kind === body.kind) throw Errors.zoneExists(old.id, old.kind);
    if (old) {
      await tx
        .updateTable('zones')
        .set({
          status: 'lifted',
          ended_at: new Date(),
          ended_by: ctx.actor.userId,
          end_note: `replaced by ${body.kind}`,
          version: sql<number>`version + 1`,
        })
        .where('county_code', '=', old.county_code)
        .where('id', '=', old.id)
        .execute();
    }
    const zone = await tx
      .insertInto('zones')
      .values({
        county_code: countyCode,
        jpath: place.jpath,
        jurisdiction_code: place.code,
        name: displayName(place.level as Level, place.short_name),
        kind: body.kind,
        edition_id: editionId,
        reason,
        started_on: startedOn,
        started_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await zoneEvent(tx, zone, ctx.actor.userId, 'created', {
      kind: zone.kind,
      editionId,
      startedOn,
      reason,
      ...(old ? { replaces: old.id, replacedKind: old.kind } : {}),
    });
    const linked = await linkCases(ctx, tx, zone, cases);
    const gates = await lockDown(tx, zone, ctx.actor.userId);
    if (old) {
      const released = await releaseGates(tx, old);
      await zoneEvent(tx, old, ctx.actor.userId, 'replaced', {
        by: zone.id,
        kind: zone.kind,
        gatesDeactivated: released,
      });
      await recordAudit(
        ctx,
        {
          action: 'risk.zone_changed',
          resourceType: 'zone',
          resourceId: old.id,
          jpath: old.jpath,
          detail: { replacedBy: zone.id, from: old.kind, to: zone.kind, gatesDeactivated: released },
        },
        tx,
      );
      await zoneChanged(tx, old);
    }
    await recordAudit(
      ctx,
      {
        action: 'risk.zone_created',
        resourceType: 'zone',
        resourceId: zone.id,
        jpath: zone.jpath,
        detail: {
          kind: zone.kind,
          editionId,
          startedOn,
          cases: linked,
          ...(old ? { replaces: old.id } : {}),
        },
      },
      tx,
    );
    if (gates.villages > 0) {
      await zoneEvent(tx, zone, ctx.actor.userId, 'lockdown', gates);
      await recordAudit(
        ctx,
        {
          action: 'risk.lockdown',
          resourceType: 'zone',
          resourceId: zone.id,
          jpath: zone.jpath,
          detail: gates,
        },
        tx,
      );
    }
    await zoneChanged(tx, zone);
    await evaluateZone(tx, zone.id, today, ctx.actor.userId, { force: true });
    return zone.id;
  });
  return presentDetail(ctx.db, await loadZone(ctx, zoneId));
}

/** POST /zones/:id/cases — more cases behind an active zone. */
export async function addZoneCases(
  ctx: RequestContext,
  id: string,
  body: Static<typeof LinkCasesInput>,
): Promise<Detail> {
  requirePermission(ctx.actor, Permission.RiskZones);
  await loadZone(ctx, id, { change: true });
  const cases = await casesByNumber(ctx, ctx.db, body.caseNumbers, 'caseNumbers');
  await ctx.db.transaction().execute(async (tx) => {
    const zone = await loadZone(ctx, id, { tx, forUpdate: true, change: true });
    if (zone.status !== 'active') throw Errors.zoneNotActive(zone.id, zone.status);
    const linked = await linkCases(ctx, tx, zone, cases);
    if (linked.length === 0) return;
    await tx
      .updateTable('zones')
      .set({ version: sql<number>`version + 1` })
      .where('county_code', '=', zone.county_code)
      .where('id', '=', zone.id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'risk.zone_changed',
        resourceType: 'zone',
        resourceId: zone.id,
        jpath: zone.jpath,
        detail: { casesLinked: linked },
      },
      tx,
    );
    await zoneChanged(tx, zone);
    await evaluateZone(tx, zone.id, todayCst(), ctx.actor.userId, { force: true });
  });
  return presentDetail(ctx.db, await loadZone(ctx, id));
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listZones(
  ctx: RequestContext,
  query: Static<typeof ZoneListQuery>,
): Promise<Static<typeof ZoneList>> {
  requirePermission(ctx.actor, Permission.RiskRead);
  let qb = ctx.db.selectFrom('zones as z').where(zoneVisible(ctx.actor));
  if (query.at) {
    const at = await placeInScope(ctx, query.at, 'at');
    qb = qb.where(inScope(scopeOf({ jpath: at.jpath }), 'z') as never);
  }
  if (query.status) qb = qb.where('z.status', '=', query.status);
  if (query.kind) qb = qb.where('z.kind', '=', query.kind);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const { total } = await qb.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await qb
    .selectAll('z')
    .orderBy(sql`case when z.status = 'active' then 0 else 1 end`)
    .orderBy('z.started_on', 'desc')
    .orderBy('z.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const lifting = await refreshStale(ctx.db, rows);
  return { items: await presentZones(ctx.db, rows, lifting), total: Number(total) };
}

export async function getZone(ctx: RequestContext, id: string): Promise<Detail> {
  requirePermission(ctx.actor, Permission.RiskRead);
  return presentDetail(ctx.db, await loadZone(ctx, id));
}

const STRENGTH: Record<ZoneRow['kind'], number> = {
  sealed: 3,
  high: 3,
  controlled: 2,
  medium: 2,
  prevention: 1,
  low: 1,
};

/** GET /zones/map — each county under `at` (in scope) with its strongest active zone and counts. */
export async function zoneMap(ctx: RequestContext, at: string | undefined): Promise<Static<typeof ZoneMap>> {
  requirePermission(ctx.actor, Permission.RiskRead);
  const root = at ? await placeInScope(ctx, at, 'at') : { jpath: ctx.actor.jpath };
  const scope = scopeOf({ jpath: root.jpath });
  const counties = await ctx.db
    .selectFrom('jurisdictions as j')
    .select(['j.code', 'j.short_name', 'j.county_code'])
    .where('j.level', '=', 'county')
    .where((eb) =>
      eb.or([
        inScope(scope, 'j') as never,
        eb('j.jpath', 'in', ancestorPaths(root.jpath).concat(root.jpath)),
      ]),
    )
    .orderBy('j.code')
    .execute();
  const zones = await ctx.db
    .selectFrom('zones as z')
    .select(['z.id', 'z.county_code', 'z.kind', 'z.jpath'])
    .where('z.status', '=', 'active')
    .where((eb) => eb.or([inScope(scope, 'z') as never, eb('z.jpath', 'in', ancestorPaths(root.jpath))]))
    .execute();
  return {
    counties: counties.map((c) => {
      const mine = zones.filter((z) => z.county_code === c.county_code);
      const counts: Record<string, number> = {};
      for (const z of mine) counts[z.kind] = (counts[z.kind] ?? 0) + 1;
      const strongest = mine.reduce<ZoneRow['kind'] | null>(
        (best, z) => (best === null || STRENGTH[z.kind] > STRENGTH[best] ? z.kind : best),
        null,
      );
      return {
        code: c.code,
        name: c.short_name,
        strength: strongest ? STRENGTH[strongest] : 0,
        strongest,
        counts,
      };
    }),
    citywide: zones.filter((z) => z.county_code.endsWith('00')).map((z) => ({ id: z.id, kind: z.kind })),
  };
}

/** POST /zones/:id/evaluate — the state on `on` (default today), stored. */
export async function evaluateNow(ctx: RequestContext, id: string, on: string | undefined): Promise<Detail> {
  requirePermission(ctx.actor, Permission.RiskZones);
  const today = todayCst();
  const day = on ?? today;
  if (day > today) throw Errors.validation([{ field: 'on', message: 'is in the future' }]);
  const zone = await loadZone(ctx, id, { change: true });
  if (zone.status !== 'active') throw Errors.zoneNotActive(zone.id, zone.status);
  await evaluateZone(ctx.db, zone.id, day, ctx.actor.userId, { force: true });
  // The state of the day asked for, as stored (not refreshed to today).
  return presentDetail(ctx.db, await loadZone(ctx, id), { refresh: false });
}
