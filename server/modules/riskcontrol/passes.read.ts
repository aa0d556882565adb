/**
 * Reading passes: who may (risk.read or pass.apply, in their subtree), the list, the pass page with
 * its holders' current codes, route, attachments, what the reader may do and its usage at
 * checkpoints. passes.service.ts writes; this file reads (and the writers answer with `detailOf`).
 */
import { type Selectable, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { parseJurisdictionCode } from '../../../domain/jurisdiction.js';
import { canApproveType, normalisePlate } from '../../../domain/passes.js';
import type { PassesTable } from '../../db/schema.js';
import { type Actor, type RequestContext, hasPermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { assertInScope, inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { placesOfPaths } from '../population/places.js';
import type { PassDetail, PassList, PassListQuery, PassSummary } from './passes.schema.js';

export type PassRow = Selectable<PassesTable>;
export type Detail = Static<typeof PassDetail>;
type Summary = Static<typeof PassSummary>;

/** Readers of passes: risk.read or pass.apply (the route admits any session; this decides). */
export function requirePassReader(actor: Actor): void {
  // A 'session' route lets a temporary password through; reading passes does not.
  if (actor.mustChangePassword) throw Errors.passwordChangeRequired();
  if (!hasPermission(actor, Permission.RiskRead) && !hasPermission(actor, Permission.PassApply)) {
    throw Errors.forbidden(`${Permission.RiskRead} or ${Permission.PassApply}`);
  }
}

/** The level of the actor's home (city, county, town, village, grid). */
export function actorLevel(actor: Actor): string {
  return parseJurisdictionCode(actor.jurisdictionCode)?.level ?? 'unknown';
}

/** A pass by id (any county: the id index), checked against the actor's scope. */
export async function passInScope(ctx: RequestContext, id: string): Promise<PassRow> {
  const row = await ctx.db.selectFrom('passes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw Errors.notFound('Pass', id);
  assertInScope(scopeOf(ctx.actor), row.jpath, `Pass ${row.number}`);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Read

export async function getPass(ctx: RequestContext, id: string): Promise<Detail> {
  requirePassReader(ctx.actor);
  const row = await passInScope(ctx, id);
  await recordAudit(ctx, {
    action: 'risk.pass_viewed',
    resourceType: 'pass',
    resourceId: row.id,
    jpath: row.jpath,
    detail: { number: row.number },
  });
  return detailOf(ctx, row);
}

export async function listPasses(
  ctx: RequestContext,
  query: Static<typeof PassListQuery>,
): Promise<Static<typeof PassList>> {
  requirePassReader(ctx.actor);
  const scope = query.at
    ? (await jurisdictionInScope(ctx, normaliseCode(query.at, 'at'))).jpath
    : ctx.actor.jpath;
  const narrowed = scopeOf({ jpath: scope });
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  let qb = ctx.db.selectFrom('passes as p').where(inScope(narrowed, 'p'));
  if (query.status) qb = qb.where('p.status', '=', query.status);
  if (query.type) qb = qb.where('p.type', '=', query.type);
  if (query.mine) qb = qb.where('p.applied_by', '=', ctx.actor.userId);
  const q = query.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const plate = normalisePlate(q);
    qb = qb.where((eb) =>
      eb.or([
        eb('p.number', 'like', like),
        eb('p.plate', 'like', `%${plate.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        eb('p.organisation', 'like', like),
        eb.exists(
          eb
            .selectFrom('pass_holders as h')
            .select(sql`1`.as('one'))
            .whereRef('h.county_code', '=', 'p.county_code')
            .whereRef('h.pass_id', '=', 'p.id')
            .where('h.name', '=', q),
        ),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    qb
      .selectAll('p')
      .orderBy('p.applied_at', 'desc')
      .orderBy('p.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, {
    action: 'risk.passes_listed',
    jpath: scope,
    detail: { ...query, q: q ? '…' : undefined, total: Number(count.n) },
  });
  return { items: await summariesOf(ctx, rows), total: Number(count.n) };
}

async function summariesOf(ctx: RequestContext, rows: PassRow[]): Promise<Summary[]> {
  if (rows.length === 0) return [];
  const [holders, placeOf, users] = await Promise.all([
    ctx.db
      .selectFrom('pass_holders')
      .select(['pass_id', 'name'])
      .where(
        'pass_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('pass_id')
      .orderBy('seq')
      .execute(),
    placesOfPaths(
      ctx.db,
      rows.map((r) => r.jpath),
    ),
    userNames(
      ctx,
      rows.map((r) => r.applied_by),
    ),
  ]);
  const byPass = new Map<string, string[]>();
  for (const h of holders) byPass.set(h.pass_id, [...(byPass.get(h.pass_id) ?? []), h.name]);
  return rows.map((r) => {
    return {
      id: r.id,
      number: r.number,
      type: r.type,
      status: r.status,
      organisation: r.organisation,
      plate: r.plate,
      holders: byPass.get(r.id) ?? [],
      route: r.route,
      validFrom: r.valid_from.toISOString(),
      validUntil: r.valid_until.toISOString(),
      place: placeOf(r.jpath),
      appliedAt: r.applied_at.toISOString(),
      appliedBy: r.applied_by ? (users.get(r.applied_by) ?? null) : null,
    };
  });
}

async function userNames(ctx: RequestContext, ids: Array<string | null>): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  if (list.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The pass page: holders with their current code, route, attachments, what I may do, usage. */
export async function detailOf(ctx: RequestContext, row: PassRow): Promise<Detail> {
  const [summary] = await summariesOf(ctx, [row]);
  const [holders, route, attachments, usage, users] = await Promise.all([
    ctx.db
      .selectFrom('pass_holders as h')
      .leftJoin('people as p', (j) =>
        j.onRef('p.county_code', '=', 'h.person_county').onRef('p.id', '=', 'h.person_id'),
      )
      .leftJoin('health_codes as c', (j) =>
        j.onRef('c.county_code', '=', 'h.person_county').onRef('c.person_id', '=', 'h.person_id'),
      )
      .select([
        'h.seq',
        'h.role',
        'h.name',
        'h.id_masked',
        'h.phone_masked',
        'h.person_id',
        'p.id as found',
        'c.colour',
      ])
      .where('h.county_code', '=', row.county_code)
      .where('h.pass_id', '=', row.id)
      .orderBy('h.seq')
      .execute(),
    row.route.length > 0
      ? ctx.db
          .selectFrom('checkpoints')
          .select(['code', 'name', 'kind'])
          .where('code', 'in', row.route)
          .execute()
      : Promise.resolve([]),
    ctx.db
      .selectFrom('pass_attachments')
      .select(['id', 'kind', 'filename', 'mime', 'size', 'uploaded_at'])
      .where('county_code', '=', row.county_code)
      .where('pass_id', '=', row.id)
      .orderBy('uploaded_at')
      .execute(),
    ctx.db
      .selectFrom('checkpoint_checks as k')
      .innerJoin('checkpoints as c', (j) =>
        j.onRef('c.county_code', '=', 'k.county_code').onRef('c.id', '=', 'k.checkpoint_id'),
      )
      .select(['k.at', 'c.code', 'k.verdict', 'k.reason_codes'])
      .where('k.pass_id', '=', row.id)
      .orderBy('k.at', 'desc')
      .limit(50)
      .execute(),
    userNames(ctx, [row.decided_by]),
  ]);
  const routeBy = new Map(route.map((c) => [c.code, c]));
  const actor = ctx.actor;
  const inMine = isInScope(scopeOf(actor), row.jpath);
  const level = actorLevel(actor);
  const approver = hasPermission(actor, Permission.PassApprove) && inMine && canApproveType(row.type, level);
  const applicant = hasPermission(actor, Permission.PassApply) && inMine;
  return {
    ...summary!,
    vehicle: row.vehicle,
    origin: row.origin,
    destination: row.destination,
    purpose: row.purpose,
    holdersDetail: holders.map((h) => ({
      seq: h.seq,
      role: h.role,
      name: h.name,
      idMasked: h.id_masked,
      phoneMasked: h.phone_masked,
      colour: h.found ? (h.colour ?? 'green') : null,
    })),
    routeDetail: row.route.map((code) => ({
      code,
      name: routeBy.get(code)?.name ?? null,
      kind: routeBy.get(code)?.kind ?? null,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      kind: a.kind,
      filename: a.filename,
      mime: a.mime,
      size: a.size,
      uploadedAt: a.uploaded_at.toISOString(),
    })),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by ? (users.get(row.decided_by) ?? null) : null,
    decisionNote: row.decision_note,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokeReason: row.revoke_reason,
    token: row.status === 'approved' ? row.token : null,
    can: {
      decide: approver && row.status === 'submitted' && row.applied_by !== actor.userId,
      revoke: approver && row.status === 'approved',
      withdraw: applicant && row.status === 'submitted' && row.applied_by === actor.userId,
      attach: applicant && row.status === 'submitted',
    },
    usage: usage.map((u) => ({
      at: u.at.toISOString(),
      checkpoint: u.code,
      verdict: u.verdict,
      reasons: u.reason_codes,
    })),
  };
}
