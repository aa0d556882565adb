/**
 * The itinerary (行程) a case gives in the interview: where they were, when, doing what, with whom.
 * A place is a venue (场所码: its name and position), an address (free text, optional coordinates)
 * or a village; coordinates are kept with their H3 cell at the resolution of the case's edition
 * (the big-data companions compare cells). Entries of one case never overlap and never end before
 * they start; a write holds the case row (`for update`), so two investigators adding entries at
 * once cannot slip past each other. Refusals name the field and the entry in the way.
 */
import { type Transaction, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { editionById } from '../../../domain/protocol.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { normaliseCode } from '../jurisdictions/jurisdictions.service.js';
import { type CaseRow, type Executor, loadCase } from './cases.access.js';
import type { ItineraryEntry, ItineraryInput, ItineraryPatch } from './cases.schema.js';
import { cellOf, cellToDb } from './cells.js';
import { type CaseKey, GRACE_MS, changed } from './investigation.service.js';

/** 03-10 08:00 in China time, for messages that point at an entry. */
function cstShort(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');
}

/** The int8 text of the H3 cell holding a point at the edition's resolution. */
function cellAt(lat: number, lng: number, resolution: number): string {
  return cellToDb(cellOf(lat, lng, resolution));
}

export async function itineraryOf(db: Executor, c: CaseKey): Promise<Array<Static<typeof ItineraryEntry>>> {
  const rows = await db
    .selectFrom('itinerary_entries as e')
    .leftJoin('venues as v', 'v.id', 'e.venue_id')
    .leftJoin('jurisdictions as j', 'j.code', 'e.village_code')
    .select([
      'e.id',
      'e.place_kind',
      'e.venue_id',
      'v.code as venue_code',
      'v.name as venue_name',
      'e.village_code',
      'j.short_name as village_name',
      'e.place',
      'e.lat',
      'e.lng',
      'e.from_at',
      'e.to_at',
      'e.activity',
      'e.companions',
    ])
    .where('e.county_code', '=', c.county_code)
    .where('e.case_id', '=', c.id)
    .orderBy('e.from_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    placeKind: r.place_kind,
    venue: r.venue_id ? { id: r.venue_id, code: r.venue_code ?? '', name: r.venue_name ?? r.place } : null,
    village: r.village_code ? { code: r.village_code, name: r.village_name ?? r.village_code } : null,
    place: r.place,
    lat: r.lat,
    lng: r.lng,
    fromAt: r.from_at.toISOString(),
    toAt: r.to_at.toISOString(),
    activity: r.activity,
    companions: r.companions,
  }));
}

interface PlaceColumns {
  place_kind: 'venue' | 'address' | 'village';
  venue_id: string | null;
  village_code: string | null;
  place: string;
  lat: number | null;
  lng: number | null;
  cell: string | null;
}

async function placeOf(
  tx: Transaction<Database>,
  row: CaseRow,
  input: Static<typeof ItineraryInput>,
): Promise<PlaceColumns> {
  const resolution = editionById(row.edition_id).tracing.companion.cellResolution;
  if ((input.lat === undefined) !== (input.lng === undefined)) {
    const missing = input.lat === undefined ? 'lat' : 'lng';
    throw Errors.validation([{ field: missing, message: 'give both coordinates or neither' }]);
  }
  const given =
    input.lat !== undefined && input.lng !== undefined
      ? { lat: input.lat, lng: input.lng, cell: cellAt(input.lat, input.lng, resolution) }
      : null;
  const text = input.place?.trim() || null;
  switch (input.placeKind) {
    case 'venue': {
      if (!input.venueId) throw Errors.validation([{ field: 'venueId', message: 'choose the venue' }]);
      const venue = await tx
        .selectFrom('venues')
        .select(['id', 'name', 'lat', 'lng', sql<string | null>`cell::text`.as('cell')])
        .where('id', '=', input.venueId)
        .executeTakeFirst();
      if (!venue) throw Errors.validation([{ field: 'venueId', message: 'no such venue' }]);
      // The venue's position, its cell taken at the case's edition resolution (the venue's own
      // stored cell only when it has no coordinates).
      const own =
        venue.lat !== null && venue.lng !== null
          ? { lat: venue.lat, lng: venue.lng, cell: cellAt(venue.lat, venue.lng, resolution) }
          : { lat: null, lng: null, cell: venue.cell };
      const where = given ?? own;
      return {
        place_kind: 'venue',
        venue_id: venue.id,
        village_code: null,
        place: text ?? venue.name,
        ...where,
      };
    }
    case 'address':
      if (!text) throw Errors.validation([{ field: 'place', message: 'write the address' }]);
      return { place_kind: 'address', venue_id: null, village_code: null, place: text, ...nullPlace(given) };
    case 'village': {
      if (!input.villageCode)
        throw Errors.validation([{ field: 'villageCode', message: 'choose the village' }]);
      const code = normaliseCode(input.villageCode, 'villageCode');
      const village = await tx
        .selectFrom('jurisdictions')
        .select(['code', 'short_name', 'level'])
        .where('code', '=', code)
        .executeTakeFirst();
      if (!village || village.level !== 'village') {
        throw Errors.validation([{ field: 'villageCode', message: 'not a village or community' }]);
      }
      return {
        place_kind: 'village',
        venue_id: null,
        village_code: village.code,
        place: text ?? village.short_name,
        ...nullPlace(given),
      };
    }
  }
}

function nullPlace(given: { lat: number; lng: number; cell: string } | null) {
  return { lat: given?.lat ?? null, lng: given?.lng ?? null, cell: given?.cell ?? null };
}

/** Refuses an entry that ends before it starts or overlaps another entry of the case, naming the field. */
async function assertTimes(
  tx: Transaction<Database>,
  row: CaseRow,
  fromAt: Date,
  toAt: Date,
  now: Date,
  except: string | null,
): Promise<void> {
  if (fromAt.getTime() > now.getTime() + GRACE_MS) {
    throw Errors.validation([{ field: 'fromAt', message: 'is in the future' }]);
  }
  if (!(toAt > fromAt)) throw Errors.validation([{ field: 'toAt', message: 'must be after fromAt' }]);
  let qb = tx
    .selectFrom('itinerary_entries')
    .select(['id', 'place', 'from_at', 'to_at'])
    .where('county_code', '=', row.county_code)
    .where('case_id', '=', row.id)
    .where('from_at', '<', toAt)
    .where('to_at', '>', fromAt);
  if (except) qb = qb.where('id', '!=', except);
  const other = await qb.orderBy('from_at').limit(1).executeTakeFirst();
  if (!other) return;
  // The start falls inside the other entry → fromAt is wrong; else the end runs into (or over) it.
  const field = fromAt >= other.from_at && fromAt < other.to_at ? 'fromAt' : 'toAt';
  throw Errors.validation([
    {
      field,
      message: `overlaps the entry ${other.place} ${cstShort(other.from_at)}–${cstShort(other.to_at)} (${other.id})`,
    },
  ]);
}

async function entryOf(tx: Transaction<Database>, row: CaseRow, entryId: string) {
  const entries = await itineraryOf(tx, row);
  const entry = entries.find((e) => e.id === entryId);
  if (!entry) throw Errors.notFound('Itinerary entry', entryId);
  return entry;
}

export async function addItinerary(
  ctx: RequestContext,
  id: string,
  input: Static<typeof ItineraryInput>,
): Promise<Static<typeof ItineraryEntry>> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  const now = new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadCase(ctx, id, { tx, forUpdate: true });
    const fromAt = new Date(input.fromAt);
    const toAt = new Date(input.toAt);
    await assertTimes(tx, row, fromAt, toAt, now, null);
    const place = await placeOf(tx, row, input);
    const entry = await tx
      .insertInto('itinerary_entries')
      .values({
        county_code: row.county_code,
        case_id: row.id,
        ...place,
        from_at: fromAt,
        to_at: toAt,
        activity: input.activity?.trim() || null,
        companions: input.companions?.trim() || null,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await changed(ctx, tx, row, 'tracing.itinerary_changed', { entryId: entry.id, change: 'added' });
    return entryOf(tx, row, entry.id);
  });
}

export async function updateItinerary(
  ctx: RequestContext,
  id: string,
  entryId: string,
  patch: Static<typeof ItineraryPatch>,
): Promise<Static<typeof ItineraryEntry>> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  const now = new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadCase(ctx, id, { tx, forUpdate: true });
    const current = await entryOf(tx, row, entryId);
    const kind = patch.placeKind ?? current.placeKind;
    // The place is re-resolved from the merged fields; a new kind drops the old kind's fields.
    const same = kind === current.placeKind;
    const keepCoordinates =
      same && patch.lat === undefined && patch.lng === undefined && current.lat !== null;
    const merged: Static<typeof ItineraryInput> = {
      placeKind: kind,
      fromAt: patch.fromAt ?? current.fromAt,
      toAt: patch.toAt ?? current.toAt,
      ...optional('venueId', patch.venueId ?? (same ? current.venue?.id : undefined)),
      ...optional('villageCode', patch.villageCode ?? (same ? current.village?.code : undefined)),
      ...optional('place', patch.place ?? (same && kind === 'address' ? current.place : undefined)),
      ...optional('lat', patch.lat ?? (keepCoordinates ? current.lat! : undefined)),
      ...optional('lng', patch.lng ?? (keepCoordinates ? current.lng! : undefined)),
    };
    const fromAt = new Date(merged.fromAt);
    const toAt = new Date(merged.toAt);
    await assertTimes(tx, row, fromAt, toAt, now, entryId);
    const place = await placeOf(tx, row, merged);
    await tx
      .updateTable('itinerary_entries')
      .set({
        ...place,
        from_at: fromAt,
        to_at: toAt,
        ...(patch.activity !== undefined ? { activity: patch.activity.trim() || null } : {}),
        ...(patch.companions !== undefined ? { companions: patch.companions.trim() || null } : {}),
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', entryId)
      .execute();
    await changed(ctx, tx, row, 'tracing.itinerary_changed', { entryId, change: 'updated' });
    return entryOf(tx, row, entryId);
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export async function deleteItinerary(ctx: RequestContext, id: string, entryId: string): Promise<void> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await loadCase(ctx, id, { tx, forUpdate: true });
    const gone = await tx
      .deleteFrom('itinerary_entries')
      .where('county_code', '=', row.county_code)
      .where('case_id', '=', row.id)
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw Errors.notFound('Itinerary entry', entryId);
    await changed(ctx, tx, row, 'tracing.itinerary_changed', { entryId, change: 'deleted' });
  });
}
