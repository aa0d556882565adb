/**
 * Loads a city's real divisions into `jurisdictions`: the city, every county-level unit, town/street
 * and village/community with its 12-digit code, official and display names and kind. Idempotent:
 * re-running updates names and kinds that changed and adds what is new; it never deletes (people and
 * records may already point at a division that a newer package dropped — those are reported).
 */
import { type Kysely, sql } from 'kysely';
import {
  type DivisionLevel,
  countyCodeOf,
  displayName,
  divisionKind,
  divisionPath,
  parseJurisdictionCode,
} from '../../../domain/jurisdiction.js';
import type { Database, NewJurisdiction } from '../../db/schema.js';
import { Errors } from '../../platform/errors.js';
import {
  type CityDivisions,
  type DivisionRecord,
  readCityDivisions,
  readCityOutlines,
} from './divisions.source.js';

export interface ImportSummary {
  city: { code: string; name: string };
  counties: number;
  towns: number;
  villages: number;
  inserted: number;
  updated: number;
  /** Divisions in the database under this city that the package no longer lists (kept). */
  missingFromSource: number;
  map: string | null;
}

function to12(code: string): string {
  const parsed = parseJurisdictionCode(code);
  if (!parsed) throw new Error(`division code ${code} in the package is malformed`);
  return parsed.code;
}

function rowsOf(data: CityDivisions): NewJurisdiction[] {
  const make = (level: DivisionLevel, record: DivisionRecord): NewJurisdiction => {
    const code = to12(record.code);
    const name = record.name.trim();
    return {
      code,
      parent_code: record.parent ? to12(record.parent) : null,
      level,
      kind: divisionKind(level, name),
      name,
      short_name: displayName(level, name),
      jpath: divisionPath(code, level),
      county_code: countyCodeOf(code),
      source: 'division',
    };
  };
  return [
    make('city', { code: data.city.code, name: data.city.name, parent: null }),
    ...data.counties.map((r) => make('county', r)),
    ...data.towns.map((r) => make('town', r)),
    ...data.villages.map((r) => make('village', r)),
  ];
}

const BATCH = 1000;

export async function importDivisions(db: Kysely<Database>, cityCode: string): Promise<ImportSummary> {
  const data = await readCityDivisions(cityCode);
  if (!data) throw Errors.unknownCity(cityCode);
  const rows = rowsOf(data);
  const outlines = readCityOutlines(data.city);
  return db.transaction().execute(async (tx) => {
    let inserted = 0;
    let updated = 0;
    // Parents before children: the rows are ordered city → counties → towns → villages.
    for (let i = 0; i < rows.length; i += BATCH) {
      const result = await tx
        .insertInto('jurisdictions')
        .values(rows.slice(i, i + BATCH))
        .onConflict((oc) =>
          oc
            .column('code')
            .doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              short_name: eb.ref('excluded.short_name'),
              kind: eb.ref('excluded.kind'),
              updated_at: sql`now()`,
            }))
            .where((eb) =>
              eb.or([
                eb('jurisdictions.name', 'is distinct from', eb.ref('excluded.name')),
                eb('jurisdictions.kind', 'is distinct from', eb.ref('excluded.kind')),
              ]),
            ),
        )
        // xmax = 0 marks a freshly inserted row; otherwise the conflict branch updated it.
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .execute();
      for (const r of result) {
        if (r.inserted) inserted++;
        else updated++;
      }
    }
    if (outlines) {
      await tx
        .insertInto('division_maps')
        .values({ city_code: to12(cityCode), geojson: outlines.geojson, source: outlines.source })
        .onConflict((oc) =>
          oc
            .column('city_code')
            .doUpdateSet({ geojson: outlines.geojson, source: outlines.source, loaded_at: new Date() }),
        )
        .execute();
    }
    // Fresh statistics: the planner's estimates for the tree queries come from them.
    await sql`analyze jurisdictions`.execute(tx);
    const known = await tx
      .selectFrom('jurisdictions')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('source', '=', 'division')
      .where('jpath', 'like', `${cityCode}%`)
      .executeTakeFirstOrThrow();
    return {
      city: { code: to12(cityCode), name: data.city.name },
      counties: data.counties.length,
      towns: data.towns.length,
      villages: data.villages.length,
      inserted,
      updated,
      missingFromSource: known.n - rows.length,
      map: outlines?.source ?? null,
    };
  });
}
