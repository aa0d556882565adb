/**
 * Testing rounds: the areas a round covers and their zones, the pooling rules it runs under (a
 * protocol edition's, optionally overridden per round), and who may see it. Other testing services
 * load rounds through here (loadRound, zoneAt, rulesOf, assertRoundVisible).
 */
import { type Kysely, sql } from 'kysely';
import { Permission } from '../../../domain/access.js';
import { codeOfPath } from '../../../domain/jurisdiction.js';
import {
  DEFAULT_EDITION_ID,
  EDITIONS,
  type PoolGroup,
  type TestingRules,
  editionById,
  validateTestingRules,
} from '../../../domain/protocol.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope, normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { unitNames } from '../population/places.js';

type Db = Kysely<Database>;
export type Zone = 'sealed' | 'controlled' | 'prevention';
export type RoundStatus = 'planned' | 'active' | 'closed';

export interface RoundArea {
  code: string;
  jpath: string;
  countyCode: string;
  zone: Zone;
}

export interface LoadedRound {
  id: string;
  name: string;
  countyCode: string;
  jpath: string;
  editionId: string;
  rules: TestingRules;
  startsAt: Date;
  endsAt: Date;
  status: RoundStatus;
  createdAt: Date;
  closedAt: Date | null;
  areas: RoundArea[];
}

export const ROUND_CHANGED = 'testing.round_changed';

/** The round with its areas, unchecked: callers decide what the actor may do with it. */
export async function loadRound(db: Db, id: string): Promise<LoadedRound> {
  const [row, areas] = await Promise.all([
    db.selectFrom('testing_rounds').selectAll().where('id', '=', id).executeTakeFirst(),
    db.selectFrom('testing_round_areas').selectAll().where('round_id', '=', id).orderBy('jpath').execute(),
  ]);
  if (!row) throw Errors.notFound('Round', id);
  return {
    id: row.id,
    name: row.name,
    countyCode: row.county_code,
    jpath: row.jpath,
    editionId: row.edition_id,
    rules: row.rules as TestingRules,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    areas: areas.map((a) => ({ code: a.code, jpath: a.jpath, countyCode: a.county_code, zone: a.zone })),
  };
}

/** The zone of a place in the round: that of the most specific area containing it; null if uncovered. */
export function zoneAt(areas: readonly RoundArea[], jpath: string): Zone | null {
  let best: RoundArea | null = null;
  for (const a of areas) {
    if (jpath.startsWith(a.jpath) && (!best || a.jpath.length > best.jpath.length)) best = a;
  }
  return best?.zone ?? null;
}

/** Pool group of a place's zone (isolation and close contacts are chosen at the tube). */
export function groupOfZone(zone: Zone): PoolGroup {
  return zone;
}

/** The round overlaps the actor's subtree: it covers part of it, or all of it from above. */
export function roundVisibleTo(round: Pick<LoadedRound, 'areas' | 'jpath'>, actorJpath: string): boolean {
  return (
    isInScope(scopeOf({ jpath: actorJpath }), round.jpath) ||
    round.areas.some((a) => a.jpath.startsWith(actorJpath) || actorJpath.startsWith(a.jpath))
  );
}

export function assertRoundVisible(ctx: RequestContext, round: LoadedRound): void {
  if (!roundVisibleTo(round, ctx.actor.jpath)) throw Errors.outOfScope(`Round ${round.id}`);
}

/** A round the actor may see, loaded. */
export async function visibleRound(ctx: RequestContext, id: string): Promise<LoadedRound> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const round = await loadRound(ctx.db, id);
  assertRoundVisible(ctx, round);
  return round;
}

/** Sampling needs a round that is active (not planned, not closed). */
export function assertRoundActive(round: LoadedRound): void {
  if (round.status !== 'active') throw Errors.roundNotActive(round.id, round.status);
}

function checkedRules(editionId: string, override: unknown): TestingRules {
  let base: TestingRules;
  try {
    base = editionById(editionId).testing;
  } catch {
    throw Errors.validation([{ field: 'editionId', message: `unknown protocol edition ${editionId}` }]);
  }
  if (override === undefined || override === null) return base;
  const checked = validateTestingRules(override);
  if (!checked.ok)
    throw Errors.validation(checked.problems.map((p) => ({ field: `rules.${p.field}`, message: p.message })));
  return checked.value;
}

async function resolveAreas(
  ctx: RequestContext,
  input: ReadonlyArray<{ code: string; zone?: Zone }>,
): Promise<RoundArea[]> {
  const seen = new Set<string>();
  const out: RoundArea[] = [];
  for (const [i, a] of input.entries()) {
    const code = normaliseCode(a.code, `areas/${i}/code`);
    if (seen.has(code))
      throw Errors.validation([{ field: `areas/${i}/code`, message: `${code} is listed twice` }]);
    seen.add(code);
    const unit = await jurisdictionInScope(ctx, code);
    out.push({
      code: unit.code,
      jpath: unit.jpath,
      countyCode: unit.county_code,
      zone: a.zone ?? 'prevention',
    });
  }
  return out;
}

export interface RoundInput {
  name: string;
  areas: Array<{ code: string; zone?: Zone }>;
  startsAt: string;
  endsAt: string;
  editionId?: string;
  rules?: unknown;
}

export async function createRound(ctx: RequestContext, input: RoundInput): Promise<LoadedRound> {
  requirePermission(ctx.actor, Permission.TestingPlan);
  const editionId = input.editionId ?? DEFAULT_EDITION_ID;
  const rules = checkedRules(editionId, input.rules);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(endsAt > startsAt)) throw Errors.validation([{ field: 'endsAt', message: 'must be after startsAt' }]);
  const areas = await resolveAreas(ctx, input.areas);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('testing_rounds')
      .values({
        county_code: ctx.actor.countyCode,
        jpath: ctx.actor.jpath,
        name: input.name.trim(),
        edition_id: editionId,
        rules: JSON.stringify(rules),
        starts_at: startsAt,
        ends_at: endsAt,
        status: startsAt > new Date() ? 'planned' : 'active',
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('testing_round_areas')
      .values(
        areas.map((a) => ({
          round_id: row.id,
          code: a.code,
          county_code: a.countyCode,
          jpath: a.jpath,
          zone: a.zone,
        })),
      )
      .execute();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'testing.round_created',
        resourceType: 'round',
        resourceId: row.id,
        jpath: ctx.actor.jpath,
        detail: { name: input.name, areas: areas.map((a) => `${a.code}:${a.zone}`), editionId },
      },
    );
    await emitEvent(tx, ROUND_CHANGED, { roundId: row.id }, ctx.actor.jpath);
    return row.id;
  });
  return loadRound(ctx.db, id);
}

export interface RoundPatchInput {
  name?: string;
  endsAt?: string;
  status?: RoundStatus;
  areas?: Array<{ code: string; zone?: Zone }>;
  rules?: unknown;
}

export async function updateRound(
  ctx: RequestContext,
  id: string,
  patch: RoundPatchInput,
): Promise<LoadedRound> {
  requirePermission(ctx.actor, Permission.TestingPlan);
  const round = await loadRound(ctx.db, id);
  // Only the round's own level or above changes it: a village cannot re-plan the city's round.
  if (!isInScope(scopeOf(ctx.actor), round.jpath)) throw Errors.outOfScope(`Round ${id}`);
  const rules = patch.rules === undefined ? undefined : checkedRules(round.editionId, patch.rules);
  const areas = patch.areas ? await resolveAreas(ctx, patch.areas) : undefined;
  const endsAt = patch.endsAt ? new Date(patch.endsAt) : undefined;
  if (endsAt && !(endsAt > round.startsAt))
    throw Errors.validation([{ field: 'endsAt', message: 'must be after startsAt' }]);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('testing_rounds')
      .set({
        ...(patch.name ? { name: patch.name.trim() } : {}),
        ...(endsAt ? { ends_at: endsAt } : {}),
        ...(rules ? { rules: JSON.stringify(rules) } : {}),
        ...(patch.status
          ? { status: patch.status, closed_at: patch.status === 'closed' ? new Date() : null }
          : {}),
      })
      .where('id', '=', id)
      .execute();
    if (areas) {
      await tx.deleteFrom('testing_round_areas').where('round_id', '=', id).execute();
      await tx
        .insertInto('testing_round_areas')
        .values(
          areas.map((a) => ({
            round_id: id,
            code: a.code,
            county_code: a.countyCode,
            jpath: a.jpath,
            zone: a.zone,
          })),
        )
        .execute();
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: patch.status === 'closed' ? 'testing.round_closed' : 'testing.round_updated',
        resourceType: 'round',
        resourceId: id,
        jpath: round.jpath,
        detail: { fields: Object.keys(patch) },
      },
    );
    await emitEvent(tx, ROUND_CHANGED, { roundId: id }, round.jpath);
  });
  return loadRound(ctx.db, id);
}

/** Rounds overlapping the actor's subtree, newest first. */
export async function listRounds(
  ctx: RequestContext,
  query: { status?: RoundStatus; limit?: number; offset?: number },
): Promise<LoadedRound[]> {
  requirePermission(ctx.actor, Permission.TestingRead);
  const home = ctx.actor.jpath;
  let qb = ctx.db
    .selectFrom('testing_rounds as r')
    .select('r.id')
    .where((eb) =>
      eb.or([
        eb('r.jpath', 'like', `${home}%`),
        eb.exists(
          eb
            .selectFrom('testing_round_areas as a')
            .select(sql`1`.as('one'))
            .whereRef('a.round_id', '=', 'r.id')
            .where(sql<boolean>`(a.jpath like ${home + '%'} or ${home} like a.jpath || '%')`),
        ),
      ]),
    );
  if (query.status) qb = qb.where('r.status', '=', query.status);
  const ids = await qb
    .orderBy('r.starts_at', 'desc')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return Promise.all(ids.map((r) => loadRound(ctx.db, r.id)));
}

/** JSON of a round for the routes. */
export async function presentRounds(db: Db, rounds: LoadedRound[]) {
  const names = await unitNames(
    db,
    rounds.flatMap((r) => [codeOfPath(r.jpath), ...r.areas.map((a) => a.code)]),
  );
  return rounds.map((r) => ({
    id: r.id,
    name: r.name,
    owner: {
      code: codeOfPath(r.jpath),
      name: names.get(codeOfPath(r.jpath)) ?? '',
    },
    editionId: r.editionId,
    rules: r.rules,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    status: r.status,
    areas: r.areas.map((a) => ({
      code: a.code,
      name: names.get(a.code) ?? a.code,
      level: levelOfPath(a.jpath),
      zone: a.zone,
    })),
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt ? r.closedAt.toISOString() : null,
  }));
}

function levelOfPath(jpath: string): string {
  if (jpath.includes('/')) return jpath.split('/').filter(Boolean).length > 2 ? 'building' : 'grid';
  return (
    ({ 4: 'city', 6: 'county', 9: 'town', 12: 'village' } as Record<number, string>)[jpath.length] ?? 'unit'
  );
}

export function listEditions() {
  return { items: EDITIONS.map((e) => ({ ...e })), defaultId: DEFAULT_EDITION_ID };
}
