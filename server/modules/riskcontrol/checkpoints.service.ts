/**
 * Checkpoints of every kind (community gates, Beijing-entry stations, highway exits, city-border
 * points): create, edit, list, the checkpoint page. The roster and staffing live in
 * checkpoints.roster.ts; lockdown gates are made by zones.gates.ts.
 *
 * - `code` is what a pass's route names: unique city-wide (checked here under an advisory lock on
 *   the code; the unique index is per county for Citus), /^[A-Z0-9-]{2,20}$/. `G` + 12 digits is
 *   reserved for lockdown gates (a gate's code is its village's).
 * - `policy` is a CheckpointPolicy (domain/checkpoint-policy.ts), checked field by field; default by
 *   kind: beijingEntryPolicy, cityBorderPolicy, communityGatePolicy, and for a highway exit the
 *   city-border policy (a highway exit out of Langfang is where people leave the city).
 * - Scope: a checkpoint belongs to its place (jpath, county_code); lists and changes need it in scope.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import {
  CERTIFICATES,
  CROSSINGS,
  type Certificate,
  type CheckpointPolicy,
  type Crossing,
  beijingEntryPolicy,
  cityBorderPolicy,
  communityGatePolicy,
  shiftOf,
} from '../../../domain/checkpoint-policy.js';
import { countyCodeOf, displayName, type Level } from '../../../domain/jurisdiction.js';
import type { CheckpointsTable, Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import { inScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import type {
  CheckpointInput,
  CheckpointList,
  CheckpointListQuery,
  CheckpointPatch,
  CheckpointSummary,
} from './checkpoints.schema.js';
import { placeInScope } from './zones.service.js';

export type CheckpointRow = Selectable<CheckpointsTable>;
type Summary = Static<typeof CheckpointSummary>;
type Kind = CheckpointRow['kind'];

const CODE = /^[A-Z0-9-]{2,20}$/;
const GATE_CODE = /^G\d{12}$/;
const COLOURS = ['green', 'yellow', 'red'] as const;

export function defaultPolicy(kind: Kind): CheckpointPolicy {
  switch (kind) {
    case 'community_gate':
      return communityGatePolicy();
    case 'beijing_entry':
      return beijingEntryPolicy();
    case 'highway_exit':
    case 'city_border':
      return cityBorderPolicy();
  }
}

/** A policy from a request, checked against domain/checkpoint-policy.ts; problems name the field. */
export function checkedPolicy(input: unknown, field = 'policy'): CheckpointPolicy {
  const problems: FieldProblem[] = [];
  const out: CheckpointPolicy = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw Errors.validation([{ field, message: 'must be an object of crossings' }]);
  for (const [crossing, rule] of Object.entries(input)) {
    const at = `${field}/${crossing}`;
    if (!(CROSSINGS as readonly string[]).includes(crossing)) {
      problems.push({ field: at, message: `unknown crossing (${CROSSINGS.join(', ')})` });
      continue;
    }
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      problems.push({ field: at, message: 'must be an object' });
      continue;
    }
    const r = rule as Record<string, unknown>;
    for (const key of Object.keys(r))
      if (!['negativeWithinHours', 'certificates', 'colours'].includes(key))
        problems.push({ field: `${at}/${key}`, message: 'is not a field of a crossing rule' });
    const hours = r.negativeWithinHours ?? null;
    if (hours !== null && !(Number.isInteger(hours) && (hours as number) >= 1 && (hours as number) <= 720))
      problems.push({
        field: `${at}/negativeWithinHours`,
        message: 'must be null or whole hours from 1 to 720',
      });
    const list = (key: 'certificates' | 'colours', allowed: readonly string[]) => {
      const value = r[key] ?? [];
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !allowed.includes(v))) {
        problems.push({ field: `${at}/${key}`, message: `must be a list of ${allowed.join(', ')}` });
        return [];
      }
      return [...new Set(value as string[])];
    };
    const certificates = list('certificates', CERTIFICATES);
    const before = problems.length;
    const colours = list('colours', COLOURS);
    if (problems.length === before && colours.length === 0)
      problems.push({ field: `${at}/colours`, message: 'lets nobody cross: name one colour at least' });
    out[crossing as Crossing] = {
      negativeWithinHours: hours as number | null,
      certificates: certificates as Certificate[],
      colours: colours as Array<(typeof COLOURS)[number]>,
    };
  }
  if (problems.length) throw Errors.validation(problems);
  return out;
}

function checkedCoordinates(lat: number | null | undefined, lon: number | null | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (lat !== undefined && lat !== null && !(lat >= -90 && lat <= 90))
    problems.push({ field: 'lat', message: 'must be between -90 and 90' });
  if (lon !== undefined && lon !== null && !(lon >= -180 && lon <= 180))
    problems.push({ field: 'lon', message: 'must be between -180 and 180' });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Loading and presenting

export async function loadCheckpoint(
  ctx: Pick<RequestContext, 'db' | 'actor'>,
  id: string,
  db: Kysely<Database> = ctx.db,
): Promise<CheckpointRow> {
  const row = await db.selectFrom('checkpoints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw Errors.notFound('Checkpoint', id);
  if (!isInScope(scopeOf(ctx.actor), row.jpath)) throw Errors.outOfScope(`Checkpoint ${row.code}`);
  return row;
}

/** The day and shift staffing is shown for: the one asked, else the current one (CST). */
export function shiftNow(day?: string, shift?: number): { day: string; shift: number } {
  const now = shiftOf(new Date());
  return { day: day ?? now.day, shift: shift ?? (day ? 1 : now.shift) };
}

/** The place of a path: the division digits, or a grid's / building's code. */
function placeCodeOf(jpath: string): string {
  const parts = jpath.split('/').filter(Boolean);
  return parts.length === 1 ? parts[0]!.padEnd(12, '0') : parts[0]! + parts.at(-1)!;
}

export async function presentCheckpoints(
  db: Kysely<Database>,
  rows: readonly CheckpointRow[],
  when: { day: string; shift: number },
): Promise<Summary[]> {
  if (rows.length === 0) return [];
  const codes = [...new Set(rows.map((r) => placeCodeOf(r.jpath)))];
  const [places, filled] = await Promise.all([
    db
      .selectFrom('jurisdictions')
      .select(['code', 'short_name', 'level'])
      .where('code', 'in', codes)
      .execute(),
    db
      .selectFrom('checkpoint_shifts')
      .select(['checkpoint_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where(
        'checkpoint_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('day', '=', when.day)
      .where('shift', '=', when.shift)
      .groupBy('checkpoint_id')
      .execute(),
  ]);
  const place = new Map(places.map((p) => [p.code, p]));
  const count = new Map(filled.map((f) => [f.checkpoint_id, Number(f.n)]));
  return rows.map((r) => {
    const code = placeCodeOf(r.jpath);
    const p = place.get(code);
    return {
      id: r.id,
      countyCode: r.county_code,
      code: r.code,
      name: r.name,
      kind: r.kind,
      place: { code, name: p ? displayName(p.level as Level, p.short_name) : code },
      location: r.location,
      lat: r.lat,
      lon: r.lon,
      policy: r.policy as Summary['policy'],
      staffPerShift: r.staff_per_shift,
      zoneId: r.zone_id,
      active: r.active,
      staffing: { ...when, filled: count.get(r.id) ?? 0, required: r.staff_per_shift },
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      version: r.version,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listCheckpoints(
  ctx: RequestContext,
  query: Static<typeof CheckpointListQuery>,
): Promise<Static<typeof CheckpointList>> {
  requirePermission(ctx.actor, Permission.RiskRead);
  const root = query.at ? await placeInScope(ctx, query.at, 'at') : { jpath: ctx.actor.jpath };
  let qb = ctx.db.selectFrom('checkpoints as c').where(inScope(scopeOf({ jpath: root.jpath }), 'c') as never);
  if (query.kind) qb = qb.where('c.kind', '=', query.kind);
  if (query.active !== undefined) qb = qb.where('c.active', '=', query.active);
  const q = query.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    qb = qb.where((eb) => eb.or([eb('c.code', 'like', like.toUpperCase()), eb('c.name', 'like', like)]));
  }
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const { total } = await qb.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await qb
    .selectAll('c')
    .orderBy('c.active', 'desc')
    .orderBy('c.code')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    items: await presentCheckpoints(ctx.db, rows, shiftNow(query.day, query.shift)),
    total: Number(total),
  };
}

export async function getCheckpoint(ctx: RequestContext, id: string): Promise<Summary> {
  requirePermission(ctx.actor, Permission.RiskRead);
  const row = await loadCheckpoint(ctx, id);
  return (await presentCheckpoints(ctx.db, [row], shiftNow()))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** One entrance per village: a second active community gate at a place is refused (400). */
async function assertNoActiveGate(db: Kysely<Database>, jpath: string, field: string): Promise<void> {
  const gate = await db
    .selectFrom('checkpoints')
    .select('code')
    .where('county_code', '=', countyCodeOf(placeCodeOf(jpath)))
    .where('jpath', '=', jpath)
    .where('kind', '=', 'community_gate')
    .where('active', '=', true)
    .executeTakeFirst();
  if (gate)
    throw Errors.validation([{ field, message: `this place already has an active gate (${gate.code})` }]);
}

export async function createCheckpoint(
  ctx: RequestContext,
  body: Static<typeof CheckpointInput>,
): Promise<Summary> {
  requirePermission(ctx.actor, Permission.RiskCheckpoints);
  const code = body.code.trim().toUpperCase();
  const problems: FieldProblem[] = [];
  if (!CODE.test(code)) problems.push({ field: 'code', message: 'must be 2–20 of A–Z, 0–9 and -' });
  else if (GATE_CODE.test(code))
    problems.push({ field: 'code', message: 'G + 12 digits is reserved for lockdown gates' });
  if (!body.name.trim()) problems.push({ field: 'name', message: 'is blank' });
  problems.push(...checkedCoordinates(body.lat, body.lon));
  if (problems.length) throw Errors.validation(problems);
  const policy = body.policy === undefined ? defaultPolicy(body.kind) : checkedPolicy(body.policy);
  const place = await placeInScope(ctx, body.place, 'place');

  const row = await ctx.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`risk.checkpoint.${code}`}::text))`.execute(tx);
    const taken = await tx.selectFrom('checkpoints').select('id').where('code', '=', code).executeTakeFirst();
    if (taken) throw Errors.validation([{ field: 'code', message: `${code} is already in use` }]);
    if (body.kind === 'community_gate' && body.active !== false)
      await assertNoActiveGate(tx, place.jpath, 'place');
    const inserted = await tx
      .insertInto('checkpoints')
      .values({
        county_code: countyCodeOf(place.code),
        jpath: place.jpath,
        code,
        name: body.name.trim(),
        kind: body.kind,
        location: body.location?.trim() || null,
        lat: body.lat ?? null,
        lon: body.lon ?? null,
        policy: JSON.stringify(policy),
        ...(body.staffPerShift ? { staff_per_shift: body.staffPerShift } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        created_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'risk.checkpoint_created',
        resourceType: 'checkpoint',
        resourceId: inserted.id,
        jpath: inserted.jpath,
        detail: { code, kind: inserted.kind, place: place.code },
      },
      tx,
    );
    return inserted;
  });
  return (await presentCheckpoints(ctx.db, [row], shiftNow()))[0]!;
}

export async function updateCheckpoint(
  ctx: RequestContext,
  id: string,
  body: Static<typeof CheckpointPatch>,
): Promise<Summary> {
  requirePermission(ctx.actor, Permission.RiskCheckpoints);
  const problems = checkedCoordinates(body.lat, body.lon);
  if (body.name !== undefined && !body.name.trim()) problems.push({ field: 'name', message: 'is blank' });
  if (problems.length) throw Errors.validation(problems);
  const policy = body.policy === undefined ? undefined : checkedPolicy(body.policy);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const current = await loadCheckpoint(ctx, id, tx);
    if (current.version !== body.version)
      throw Errors.versionConflict(`Checkpoint ${current.code}`, current.version);
    if (current.kind === 'community_gate' && body.active === true && !current.active)
      await assertNoActiveGate(tx, current.jpath, 'active');
    const changes = {
      ...(body.name !== undefined ? { name: body.name.trim() } : {}),
      ...(body.location !== undefined ? { location: body.location?.trim() || null } : {}),
      ...(body.lat !== undefined ? { lat: body.lat } : {}),
      ...(body.lon !== undefined ? { lon: body.lon } : {}),
      ...(policy ? { policy: JSON.stringify(policy) } : {}),
      ...(body.staffPerShift !== undefined ? { staff_per_shift: body.staffPerShift } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
    };
    const updated = await tx
      .updateTable('checkpoints')
      .set({ ...changes, updated_at: new Date(), version: sql<number>`version + 1` })
      .where('county_code', '=', current.county_code)
      .where('id', '=', current.id)
      .where('version', '=', body.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw Errors.versionConflict(`Checkpoint ${current.code}`, current.version);
    await recordAudit(
      ctx,
      {
        action: 'risk.checkpoint_changed',
        resourceType: 'checkpoint',
        resourceId: current.id,
        jpath: current.jpath,
        detail: { code: current.code, changed: Object.keys(changes) },
      },
      tx,
    );
    return updated;
  });
  return (await presentCheckpoints(ctx.db, [row], shiftNow()))[0]!;
}
