/**
 * Where people live, resolved from jurisdiction codes: a village, grid or building code gives the
 * person's village, grid, building and path; display names for pages of people come in one query.
 */
import type { Kysely } from 'kysely';
import { codeOfPath } from '../../../domain/jurisdiction.js';
import type { Database, JurisdictionRow } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { normaliseRoom, normaliseUnit } from './people.repo.js';
import { findJurisdiction, jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';

export interface ResolvedPlace {
  countyCode: string;
  villageCode: string;
  gridCode: string | null;
  buildingCode: string | null;
  jpath: string;
  village: JurisdictionRow;
  building: JurisdictionRow | null;
}

/** A village, grid or building in the actor's scope, as the place a person lives. */
export async function resolvePlace(
  ctx: RequestContext,
  code: string,
  field = 'place',
): Promise<ResolvedPlace> {
  const unit = await jurisdictionInScope(ctx, code);
  if (!['village', 'grid', 'building'].includes(unit.level)) {
    throw Errors.validation([{ field, message: 'must be a village or community, a grid or a building' }]);
  }
  const villageCode = unit.code.slice(0, 12);
  // The unit was checked; its village may lie above a grid worker's home, and only names it here.
  const village = unit.level === 'village' ? unit : await findJurisdiction(ctx.db, villageCode);
  if (!village) throw Errors.notFound('Jurisdiction', villageCode);
  return {
    countyCode: unit.county_code,
    villageCode,
    gridCode: unit.level === 'grid' ? unit.code : unit.level === 'building' ? unit.parent_code : null,
    buildingCode: unit.level === 'building' ? unit.code : null,
    jpath: unit.jpath,
    village,
    building: unit.level === 'building' ? unit : null,
  };
}

/**
 * The deterministic address of a household: the same place always gives the same string, so that
 * manual entry, imports and re-imports find the same household.
 */
export function householdAddress(
  villageName: string,
  buildingName: string | null,
  unit: string | null,
  room: string | null,
  streetAddress?: string | null,
): string {
  const parts = [villageName];
  if (buildingName) parts.push(buildingName);
  const u = normaliseUnit(unit);
  const r = normaliseRoom(room);
  if (u) parts.push(`${u}单元`);
  // A flat in a building is a 室, a house in a village (or in a row or group of houses) a 号 —
  // however the ledger wrote it.
  const house = !buildingName || /[排组]$/.test(buildingName);
  if (r) parts.push(`${r}${house ? '号' : '室'}`);
  if (!buildingName && !room && streetAddress) parts.push(streetAddress);
  return parts.join(' ');
}

/**
 * The places of rows by their jpath: `{ code, name }` of each row's own unit (its code when the name
 * is unknown), with one lookup of all the names.
 */
export async function placesOfPaths(
  db: Kysely<Database>,
  jpaths: Iterable<string>,
): Promise<(jpath: string) => { code: string; name: string }> {
  const names = await unitNames(db, [...jpaths].map(codeOfPath));
  return (jpath) => {
    const code = codeOfPath(jpath);
    return { code, name: names.get(code) ?? code };
  };
}

/** Short names of the given units (villages, grids, buildings), one query. */
export async function unitNames(
  db: Kysely<Database>,
  codes: Iterable<string | null>,
): Promise<Map<string, string>> {
  const list = [...new Set([...codes].filter((c): c is string => Boolean(c)))];
  if (list.length === 0) return new Map();
  const rows = await db
    .selectFrom('jurisdictions')
    .select(['code', 'short_name'])
    .where('code', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.code, r.short_name]));
}
