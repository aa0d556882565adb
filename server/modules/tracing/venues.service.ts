/**
 * Venues (场所码): the places whose codes people scan on entering. Exposure files name venues by
 * code (exposure.ingest.ts), itineraries by id. A venue lies in a village or town of the creator's
 * subtree and is listed by jpath like every scoped row; its position, when known, is also kept as
 * the H3 cell of the default edition's resolution, so the place a scan stands for can be compared
 * with location pings.
 */
import { sql } from 'kysely';
import { Permission } from '../../../domain/access.js';
import { parseJurisdictionCode } from '../../../domain/jurisdiction.js';
import { DEFAULT_EDITION_ID, editionById } from '../../../domain/protocol.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { jurisdictionInScope } from '../jurisdictions/jurisdictions.service.js';
import { placesOfPaths } from '../population/places.js';
import { cellOf, cellToDb } from './cells.js';

export interface VenueInput {
  code: string;
  name: string;
  kind?: string;
  address?: string;
  lat?: number;
  lng?: number;
  place: string;
}

export interface VenueOut {
  id: string;
  code: string;
  name: string;
  kind: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  place: { code: string; name: string };
}

interface VenueRow {
  id: string;
  code: string;
  name: string;
  kind: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  jpath: string;
}

async function present(ctx: RequestContext, rows: VenueRow[]): Promise<VenueOut[]> {
  const placeOf = await placesOfPaths(
    ctx.db,
    rows.map((r) => r.jpath),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    place: placeOf(r.jpath),
  }));
}

async function placeInScope(ctx: RequestContext, code: string, field: string) {
  const parsed = parseJurisdictionCode(code);
  if (!parsed) throw Errors.validation([{ field, message: 'not a jurisdiction code' }]);
  return jurisdictionInScope(ctx, parsed.code);
}

export async function createVenue(ctx: RequestContext, input: VenueInput): Promise<VenueOut> {
  requirePermission(ctx.actor, Permission.TracingIngest);
  const place = await placeInScope(ctx, input.place, 'place');
  if (place.level === 'city' || place.level === 'county')
    throw Errors.validation([
      { field: 'place', message: 'a venue lies in a town, a village, or a grid or building of one' },
    ]);
  if ((input.lat === undefined) !== (input.lng === undefined))
    throw Errors.validation([
      { field: input.lat === undefined ? 'lat' : 'lng', message: 'give both lat and lng, or neither' },
    ]);
  const resolution = editionById(DEFAULT_EDITION_ID).tracing.companion.cellResolution;
  const cell =
    input.lat !== undefined && input.lng !== undefined
      ? cellToDb(cellOf(input.lat, input.lng, resolution))
      : null;
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('venues')
      .values({
        county_code: place.county_code,
        jpath: place.jpath,
        code: input.code.trim(),
        name: input.name.trim(),
        kind: input.kind?.trim() || null,
        address: input.address?.trim() || null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        cell,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning(['id', 'code', 'name', 'kind', 'address', 'lat', 'lng', 'jpath'])
      .executeTakeFirst();
    if (!inserted) throw Errors.codeTaken('Venue', input.code.trim());
    await recordAudit(
      ctx,
      {
        action: 'tracing.venue_created',
        resourceType: 'venue',
        resourceId: inserted.id,
        jpath: inserted.jpath,
        detail: { code: inserted.code },
      },
      tx,
    );
    return inserted;
  });
  return (await present(ctx, [row]))[0]!;
}

export interface VenueQuery {
  q?: string;
  at?: string;
  page?: number;
  pageSize?: number;
}

export async function listVenues(
  ctx: RequestContext,
  query: VenueQuery,
): Promise<{ items: VenueOut[]; total: number }> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const within = query.at ? scopeOf(await placeInScope(ctx, query.at, 'at')) : scopeOf(ctx.actor);
  const pageSize = query.pageSize ?? 50;
  const page = query.page ?? 1;
  let qb = ctx.db
    .selectFrom('venues')
    .where(inScope(scopeOf(ctx.actor), 'venues'))
    .where(inScope(within, 'venues'));
  const q = query.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb = qb.where((eb) =>
      eb.or([eb('venues.name', 'like', like), eb('venues.code', 'like', `${q.replace(/[\\%_]/g, '')}%`)]),
    );
  }
  const [rows, count] = await Promise.all([
    qb
      .select(['id', 'code', 'name', 'kind', 'address', 'lat', 'lng', 'jpath'])
      .orderBy('jpath')
      .orderBy('code')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    qb.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await present(ctx, rows), total: count.n };
}
