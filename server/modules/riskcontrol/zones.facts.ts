/**
 * The facts a zone's lifting rule needs (domain/zones.ts ZoneFacts), read from the tracing and
 * testing modules' records on one CST day:
 *
 * - **since**: the day the zone began — for a zone that stepped down (9th edition), the day the
 *   first zone of its chain began, so the quiet days keep counting across the step.
 * - **the zone's cases**: the cases linked to it (or to a zone it stepped down from), and the cases
 *   living in it (case jpath under the zone's) sampled from 14 days before it began.
 * - **lastInfectionOn**: the latest sampling day (`cases.sampled_date`, the day the infection was
 *   found — `reported_at` can lag by a day) of a case linked to the zone or living in it, on or after
 *   `since`. A case found in centralised isolation (`found_in = 'isolation'`) was not in the zone's
 *   community when found: it counts only if linked by hand.
 * - **closeContacts**: the close contacts named by the zone's cases (not converted to cases): the
 *   latest exposure to those cases, and whether each contact of the base has a latest result since
 *   that exposure which is negative. Contacts outside the base (no person) are other regions' to
 *   test (assist notices) and are left out of "all negative".
 * - **rounds**: testing rounds with an area containing the whole zone, ending on or after `since`,
 *   that sampled people living in the zone: the day of the last such sample, and "all negative" =
 *   every one of those samples resulted negative (a positive pool, an invalid or a pending tube
 *   spoils the round).
 * - **strongerZonesOpen** (Hebei prevention zones): the county's active sealed and controlled zones.
 *
 * Every query filters by the zone's county (a city-wide zone reads the city) so it stays on one
 * shard under Citus.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { ZoneFacts } from '../../../domain/zones.js';
import { addDays, cstDate, cstMidnight } from '../../../domain/tracing.js';
import type { Database, ZonesTable } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type ZoneRow = Selectable<ZonesTable>;

/** A city-wide zone carries the city's own county code (131000): it reads every county. */
export function isCitywide(zone: Pick<ZoneRow, 'county_code'>): boolean {
  return zone.county_code.endsWith('00');
}

/** Facts beyond ZoneFacts that the zone page shows. */
export interface FactsDetail {
  facts: ZoneFacts;
  closeContactCount: number;
  untested: number;
  rounds: Array<{ roundId: string; name: string; on: string; allNegative: boolean }>;
}

/** The zones of the chain ending at `zone` (itself first), following previous_zone_id. */
async function chainOf(db: Db, zone: ZoneRow): Promise<ZoneRow[]> {
  const chain = [zone];
  let current = zone;
  while (current.previous_zone_id && chain.length < 10) {
    const prev = await db
      .selectFrom('zones')
      .selectAll()
      .where('id', '=', current.previous_zone_id)
      .executeTakeFirst();
    if (!prev) break;
    chain.push(prev);
    current = prev;
  }
  return chain;
}

export async function gatherFacts(db: Db, zone: ZoneRow, day: string): Promise<FactsDetail> {
  const chain = await chainOf(db, zone);
  const since = chain.at(-1)!.started_on;
  const ids = chain.map((z) => z.id);
  const prefix = `${zone.jpath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const county = isCitywide(zone) ? null : zone.county_code;
  const countyIs = (alias: string) =>
    county ? sql`${sql.ref(`${alias}.county_code`)} = ${county}` : sql`true`;
  const through = cstMidnight(addDays(day, 1));

  // The zone's cases, and the latest infection among them since it began (one statement).
  const { rows: caseRows } = await sql<{ id: string; sampled_date: string; counts: boolean }>`
    select k.id, k.sampled_date::text as sampled_date,
           (k.id in (select case_id from zone_cases where county_code = ${zone.county_code} and zone_id = any(${ids}::uuid[]))
             or k.found_in <> 'isolation') as counts
      from cases k
     where k.reported_at < ${through}
       and (k.id in (select case_id from zone_cases where county_code = ${zone.county_code} and zone_id = any(${ids}::uuid[]))
            or (${countyIs('k')} and k.jpath like ${prefix} and k.sampled_date >= ${addDays(since, -14)}::date))`.execute(
    db,
  );
  const infections = caseRows
    .filter((r) => r.counts && r.sampled_date >= since && r.sampled_date <= day)
    .map((r) => r.sampled_date)
    .sort();
  const lastInfectionOn = infections.at(-1) ?? null;
  const caseIds = caseRows.map((r) => r.id);

  // Close contacts of those cases: latest exposure to them, and each one's latest result since.
  const { rows: contacts } = caseIds.length
    ? await sql<{ id: string; exposed: Date; has_person: boolean; latest: string | null }>`
        with cc as (
          select c.id, c.person_id, max(l.last_exposure_at) as exposed
            from contact_links l
            join contacts c on c.county_code = l.county_code and c.id = l.contact_id
           where l.case_id = any(${caseIds}::uuid[])
             and c.degree = 'close' and c.converted_case_id is null
           group by c.id, c.person_id)
        select cc.id, cc.exposed, cc.person_id is not null as has_person,
               (select t.result from people p
                  join samples s on s.county_code = p.county_code and s.person_id = p.id
                  join tubes t on t.county_code = s.tube_county and t.id = s.tube_id
                 where p.id = cc.person_id and s.sampled_at >= cc.exposed and s.sampled_at < ${through}
                   and t.result is not null
                 order by s.sampled_at desc limit 1) as latest
          from cc`.execute(db)
    : { rows: [] };
  const tested = contacts.filter((c) => c.has_person);
  const untested = tested.filter((c) => c.latest !== 'negative').length;
  const lastExposure = contacts
    .map((c) => new Date(c.exposed).getTime())
    .sort((a, b) => a - b)
    .at(-1);

  // Rounds over the whole zone, since it began: per round, its samples of the zone's residents.
  const { rows: rounds } = await sql<{
    id: string;
    name: string;
    last: Date;
    samples: number;
    not_negative: number;
  }>`
    select r.id, r.name, max(s.sampled_at) as last, count(*)::int as samples,
           count(*) filter (where t.result is distinct from 'negative')::int as not_negative
      from testing_rounds r
      join samples s on s.round_id = r.id and ${countyIs('s')} and s.jpath like ${prefix}
      join tubes t on t.county_code = s.tube_county and t.id = s.tube_id
     where r.ends_at >= ${cstMidnight(since)}
       and r.starts_at < ${through}
       and s.sampled_at < ${through}
       and exists (select 1 from testing_round_areas a
                    where a.round_id = r.id and ${zone.jpath}::text like a.jpath || '%')
     group by r.id, r.name`.execute(db);
  const roundFacts = rounds
    .map((r) => ({
      roundId: r.id,
      name: r.name,
      on: cstDate(new Date(r.last)),
      allNegative: r.not_negative === 0,
    }))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));

  let strongerZonesOpen = 0;
  if (zone.kind === 'prevention') {
    let qb = db
      .selectFrom('zones')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .where('kind', 'in', ['sealed', 'controlled'])
      .where('id', '<>', zone.id);
    if (county) qb = qb.where('county_code', '=', county);
    else qb = qb.where('jpath', 'like', prefix);
    strongerZonesOpen = Number((await qb.executeTakeFirstOrThrow()).n);
  }

  return {
    facts: {
      kind: zone.kind,
      since,
      lastInfectionOn,
      closeContacts:
        lastExposure === undefined
          ? null
          : { lastExposureOn: cstDate(new Date(lastExposure)), allNegative: untested === 0 },
      rounds: roundFacts.map((r) => ({ on: r.on, allNegative: r.allNegative })),
      steppedFromHighOn: zone.stepped_from_high_on,
      strongerZonesOpen,
    },
    closeContactCount: contacts.length,
    untested,
    rounds: roundFacts,
  };
}
