/**
 * Jurisdictions: browse the tree of one's own subtree, search it, and keep the grids and buildings
 * below villages. Exported functions are what other modules may call (never the table).
 */
import { Permission } from '../../../domain/access.js';
import {
  KINDS,
  type Level,
  type UserLevel,
  ancestorPaths,
  buildingCode,
  childPath,
  countyCodeOf,
  gridCode,
  isUserLevel,
  parseJurisdictionCode,
} from '../../../domain/jurisdiction.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database, JurisdictionRow } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { assertInScope, isInScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './jurisdictions.repo.js';

export const JURISDICTION_CHANGED = 'jurisdiction.changed';

/** Normalises a code from a URL or body; a malformed one is a 400 that names the field. */
export function normaliseCode(input: string, field: string): string {
  const parsed = parseJurisdictionCode(input);
  if (!parsed) {
    throw Errors.validation([
      { field, message: 'must be a division code (4, 6, 9 or 12 digits) or a grid/building code' },
    ]);
  }
  return parsed.code;
}

/** Loads a jurisdiction without a scope check: for start-up and command-line tools only. */
export function findJurisdiction(db: Kysely<Database>, code: string): Promise<JurisdictionRow | undefined> {
  return repo.findByCode(db, code);
}

/** Loads a jurisdiction the actor may see, or throws NOT_FOUND / OUT_OF_SCOPE. For other modules. */
export async function jurisdictionInScope(ctx: RequestContext, code: string): Promise<JurisdictionRow> {
  const row = await repo.findByCode(ctx.db, code);
  if (!row) throw Errors.notFound('Jurisdiction', code);
  assertInScope(scopeOf(ctx.actor), row.jpath, `Jurisdiction ${code}`);
  return row;
}

export interface JurisdictionDetail {
  node: repo.JurisdictionWithChildren;
  /** Root first. Ancestors above the actor's home are included for the breadcrumb, flagged. */
  ancestors: Array<JurisdictionRow & { in_scope: boolean }>;
  counts: repo.LevelKindCount[];
}

export async function getDetail(ctx: RequestContext, code: string): Promise<JurisdictionDetail> {
  requirePermission(ctx.actor, Permission.JurisdictionRead);
  const node = await jurisdictionInScope(ctx, code);
  const scope = scopeOf(ctx.actor);
  const [withCount, ancestors, counts] = await Promise.all([
    repo.withChildCount(ctx.db, [node.code]),
    repo.findByPaths(ctx.db, ancestorPaths(node.jpath)),
    repo.descendantCounts(ctx.db, scope, node.jpath),
  ]);
  return {
    node: withCount[0] ?? { ...node, child_count: 0 },
    ancestors: ancestors.map((a) => ({ ...a, in_scope: isInScope(scope, a.jpath) })),
    counts,
  };
}

export async function listChildren(
  ctx: RequestContext,
  parentCode: string,
  page: { limit: number; offset: number },
): Promise<{ items: Array<repo.JurisdictionSummary & { child_count: number }>; total: number }> {
  requirePermission(ctx.actor, Permission.JurisdictionRead);
  const result = await repo.children(ctx.db, parentCode, page);
  if (result.parentPath === undefined) throw Errors.notFound('Jurisdiction', parentCode);
  assertInScope(scopeOf(ctx.actor), result.parentPath, `Jurisdiction ${parentCode}`);
  return { items: result.items, total: result.total };
}

/** The roots of what the actor sees: their home jurisdiction. */
export async function listHome(ctx: RequestContext): Promise<repo.JurisdictionWithChildren[]> {
  requirePermission(ctx.actor, Permission.JurisdictionRead);
  return repo.withChildCount(ctx.db, [ctx.actor.jurisdictionCode]);
}

export interface SearchHit extends JurisdictionRow {
  /** Display names from the actor's home down to the hit's parent: 落垡镇 / 张营村. */
  trail: string[];
}

export async function search(ctx: RequestContext, text: string, limit: number): Promise<SearchHit[]> {
  requirePermission(ctx.actor, Permission.JurisdictionRead);
  const scope = scopeOf(ctx.actor);
  const hits = await repo.search(ctx.db, scope, text.trim(), limit);
  const paths = [...new Set(hits.flatMap((h) => ancestorPaths(h.jpath)))].filter((p) => isInScope(scope, p));
  const names = new Map((await repo.findByPaths(ctx.db, paths)).map((a) => [a.jpath, a.short_name]));
  return hits.map((hit) => ({
    ...hit,
    trail: ancestorPaths(hit.jpath)
      .filter((p) => names.has(p))
      .map((p) => names.get(p)!),
  }));
}

/**
 * Every change to a grid or building, in the change's transaction: the audit entry and the event
 * that live pages and other modules react to ('moved' tells modules whose rows carry the building's
 * path to re-home them from oldPath to newPath).
 */
async function recordChange(
  ctx: RequestContext,
  tx: Transaction<Database>,
  change: 'created' | 'updated' | 'moved' | 'deleted',
  unit: { code: string; jpath: string; parentCode: string | null },
  detail?: Record<string, unknown>,
): Promise<void> {
  await recordAudit(
    ctx,
    {
      action:
        change === 'created'
          ? 'jurisdiction.created'
          : change === 'deleted'
            ? 'jurisdiction.deleted'
            : 'jurisdiction.updated',
      resourceType: 'jurisdiction',
      resourceId: unit.code,
      jpath: unit.jpath,
      ...(detail ? { detail } : {}),
    },
    tx,
  );
  await emitEvent(
    tx,
    JURISDICTION_CHANGED,
    { code: unit.code, change, parentCode: unit.parentCode, ...(change === 'moved' ? detail : {}) },
    unit.jpath,
  );
}

export interface UnitInput {
  parentCode: string;
  level: UserLevel;
  name: string;
  kind?: string | undefined;
  address?: string | null | undefined;
}

const PARENT_LEVEL: Record<UserLevel, Level> = { grid: 'village', building: 'grid' };

function checkKind(level: UserLevel, kind: string | undefined): string {
  const allowed: readonly string[] = KINDS[level];
  const value = kind ?? allowed[0]!;
  if (!allowed.includes(value)) {
    throw Errors.validation([{ field: 'kind', message: `must be one of ${allowed.join(', ')}` }]);
  }
  return value;
}

/** Creates a grid under a village or a building under a grid, with the next free code. */
export async function createUnit(ctx: RequestContext, input: UnitInput): Promise<JurisdictionRow> {
  requirePermission(ctx.actor, Permission.JurisdictionManage);
  const parent = await jurisdictionInScope(ctx, input.parentCode);
  if (parent.level !== PARENT_LEVEL[input.level])
    throw Errors.wrongParentLevel(PARENT_LEVEL[input.level], parent.level);
  const kind = checkKind(input.level, input.kind);
  const villageCode = parent.code.slice(0, 12);
  const created = await ctx.db.transaction().execute(async (tx) => {
    const seq = await repo.nextSequence(tx, villageCode, input.level === 'grid' ? 'G' : 'B');
    const code = input.level === 'grid' ? gridCode(villageCode, seq) : buildingCode(villageCode, seq);
    const row = await repo.insert(tx, {
      code,
      parent_code: parent.code,
      level: input.level,
      kind,
      name: input.name.trim(),
      short_name: input.name.trim(),
      jpath: childPath(parent.jpath, code, input.level),
      county_code: countyCodeOf(code),
      address: input.address?.trim() || null,
      source: 'user',
      created_by: ctx.actor.userId,
    });
    await recordChange(ctx, tx, 'created', { code, jpath: row.jpath, parentCode: parent.code });
    return row;
  });
  return created;
}

export interface UnitPatch {
  name?: string | undefined;
  kind?: string | undefined;
  address?: string | null | undefined;
  /** Buildings only: move to another grid of the same village. */
  parentCode?: string | undefined;
}

async function userUnitInScope(
  ctx: RequestContext,
  code: string,
): Promise<JurisdictionRow & { level: UserLevel }> {
  const row = await jurisdictionInScope(ctx, code);
  const level = row.level as Level;
  if (row.source !== 'user' || !isUserLevel(level)) throw Errors.jurisdictionReadOnly(code);
  return { ...row, level };
}

export async function updateUnit(
  ctx: RequestContext,
  code: string,
  patch: UnitPatch,
): Promise<JurisdictionRow> {
  requirePermission(ctx.actor, Permission.JurisdictionManage);
  const row = await userUnitInScope(ctx, code);
  const changes: Parameters<typeof repo.update>[2] = {};
  if (patch.name !== undefined) {
    changes.name = patch.name.trim();
    changes.short_name = patch.name.trim();
  }
  if (patch.kind !== undefined) changes.kind = checkKind(row.level, patch.kind);
  if (patch.address !== undefined) changes.address = patch.address?.trim() || null;
  const oldPath = row.jpath;
  if (patch.parentCode !== undefined && patch.parentCode !== row.parent_code) {
    if (row.level !== 'building') {
      throw Errors.validation([
        { field: 'parentCode', message: 'only buildings can move (to another grid)' },
      ]);
    }
    const grid = await jurisdictionInScope(ctx, patch.parentCode);
    if (grid.level !== 'grid') throw Errors.wrongParentLevel('grid', grid.level);
    if (grid.code.slice(0, 12) !== row.code.slice(0, 12)) {
      throw Errors.validation([
        { field: 'parentCode', message: 'a building can only move to a grid of its own village' },
      ]);
    }
    changes.parent_code = grid.code;
    changes.jpath = childPath(grid.jpath, row.code, 'building');
  }
  return ctx.db.transaction().execute(async (tx) => {
    const updated = await repo.update(tx, code, changes);
    const moved = updated.jpath !== oldPath;
    await recordChange(
      ctx,
      tx,
      moved ? 'moved' : 'updated',
      { code, jpath: updated.jpath, parentCode: updated.parent_code },
      { fields: Object.keys(patch), ...(moved ? { oldPath, newPath: updated.jpath } : {}) },
    );
    return updated;
  });
}

export async function deleteUnit(ctx: RequestContext, code: string): Promise<void> {
  requirePermission(ctx.actor, Permission.JurisdictionManage);
  const row = await userUnitInScope(ctx, code);
  const { total } = await repo.children(ctx.db, code, { limit: 0, offset: 0 });
  if (total > 0) throw Errors.jurisdictionNotEmpty(code, total);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.remove(tx, code);
    await recordChange(ctx, tx, 'deleted', { code, jpath: row.jpath, parentCode: row.parent_code });
  });
}

export const MAP_METRICS = {
  villages: { level: 'village', kinds: ['village', 'community'] },
  communities: { level: 'village', kinds: ['community'] },
  towns: { level: 'town', kinds: null },
  grids: { level: 'grid', kinds: null },
  buildings: { level: 'building', kinds: null },
} as const;

export type MapMetric = keyof typeof MAP_METRICS;

export interface CountyValue {
  code: string;
  name: string;
  value: number;
  /** False for county-level units with no outline in the map data (e.g. development zones). */
  onMap: boolean;
}

export interface MapView {
  metric: MapMetric;
  cityCode: string;
  geojson: {
    type: 'FeatureCollection';
    features: Array<{ id?: string; properties?: Record<string, unknown> }>;
  } | null;
  values: CountyValue[];
}

const mapCache = new Map<string, { loadedAt: number; parsed: NonNullable<MapView['geojson']> }>();

/**
 * County outlines under `code` (the whole city for the city, the county itself below it), limited
 * to the actor's scope, with a metric per county.
 */
export async function countyMap(ctx: RequestContext, code: string, metric: MapMetric): Promise<MapView> {
  requirePermission(ctx.actor, Permission.JurisdictionRead);
  const node = await jurisdictionInScope(ctx, code);
  const scope = scopeOf(ctx.actor);
  const cityCode = `${node.code.slice(0, 4)}00000000`;
  const spec = MAP_METRICS[metric];
  const [counties, metrics, map] = await Promise.all([
    repo.countiesUnder(ctx.db, scope, node.jpath),
    repo.countPerCounty(ctx.db, scope, node.jpath, spec.level, spec.kinds),
    repo.cityMap(ctx.db, cityCode),
  ]);
  let geojson: MapView['geojson'] = null;
  if (map) {
    const cached = mapCache.get(cityCode);
    const parsed =
      cached && cached.loadedAt === map.loaded_at.getTime()
        ? cached.parsed
        : (JSON.parse(map.geojson) as NonNullable<MapView['geojson']>);
    mapCache.set(cityCode, { loadedAt: map.loaded_at.getTime(), parsed });
    const wanted = new Set(counties.map((c) => c.county_code));
    geojson = {
      type: 'FeatureCollection',
      features: parsed.features.filter((f) => wanted.has(String(f.id))),
    };
  }
  const onMap = new Set(geojson?.features.map((f) => String(f.id)) ?? []);
  const byCounty = new Map(metrics.map((m) => [m.county_code, m.value]));
  return {
    metric,
    cityCode,
    geojson,
    values: counties.map((c) => ({
      code: c.code,
      name: c.short_name,
      value: byCounty.get(c.county_code) ?? 0,
      onMap: onMap.has(c.county_code),
    })),
  };
}
