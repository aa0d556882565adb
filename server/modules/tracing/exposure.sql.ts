/**
 * The SQL of an exposure file's load (exposure.ingest.ts), in the order it runs: session temp tables
 * for the staged rows, the distinct people and venue codes; then, in one transaction, people and
 * venues resolved, the unresolved rows noted, and the move into venue_scans / location_pings.
 * Hand-written (docs/STYLE.md rule 6): temp tables, COPY, LATERAL probes, xmin — the hot path of a
 * 20 M-row day (bench/tracing-exposure.ts). Same text on PGlite and PostgreSQL.
 */
import type { ExposureKind } from './exposure.csv.js';

export const ROW_COLUMNS = ['n', 'pkey', 'place', 'at', 'late'] as const;
export const PEOPLE_COLUMNS = ['pkey', 'by_phone', 'hash'] as const;
export const VENUE_COLUMNS = ['vkey', 'code'] as const;

export const CREATE_TEMP = [
  `drop table if exists exp_rows, exp_people, exp_venues`,
  // place: a venue key (exp_venues) or an H3 cell; at: epoch milliseconds; late: out of order.
  `create temp table exp_rows (n integer not null, pkey integer not null, place bigint not null,
                               at bigint not null, late boolean not null)`,
  `create temp table exp_people (pkey integer primary key, by_phone boolean not null, hash bytea not null)`,
  `create temp table exp_venues (vkey integer primary key, code text not null)`,
];
export const DROP_TEMP = `drop table if exists exp_rows, exp_people, exp_venues`;

export const STAGE_ROWS = `insert into exp_rows (n, pkey, place, at, late)
  select * from unnest($1::int[], $2::int[], $3::int8[], $4::int8[], $5::bool[])`;
export const STAGE_PEOPLE = `insert into exp_people (pkey, by_phone, hash)
  select k, b, decode(h, 'hex') from unnest($1::int[], $2::bool[], $3::text[]) as t(k, b, h)`;
export const STAGE_VENUES = `insert into exp_venues (vkey, code) select * from unnest($1::int[], $2::text[])`;

/** No JIT (its compile time exceeds these statements' own), sorts and hashes in memory. */
export const SETTINGS = [`set local jit = off`, `set local work_mem = '128MB'`];

/**
 * Each distinct person of the file. By ID number: a join the planner may run as a hash join over
 * people (a city's file names a quarter of the city; 1 M index probes cost more than one scan) — an
 * ID number is unique city-wide (the population writers check every county before inserting). By
 * phone: people_phone_hash / phone2_hash probes; a phone shared by several people names nobody.
 */
export const RESOLVE_PEOPLE = `
  create temp table exp_who on commit drop as
  select s.pkey, false as by_phone, p.id, p.county_code, case when p.id is null then 0 else 1 end as n
    from exp_people s
    left join people p on p.id_hash = s.hash
   where not s.by_phone
  union all
  select s.pkey, true, p.id, p.county_code, coalesce(p.n, 0)
    from exp_people s
    left join lateral (
      select (array_agg(x.id))[1] as id, (array_agg(x.county_code))[1] as county_code,
             count(distinct x.id)::int as n
        from ((select q.id, q.county_code from people q where q.phone_hash = s.hash limit 2)
              union all
              (select q.id, q.county_code from people q where q.phone2_hash = s.hash limit 2)) x
    ) p on true
   where s.by_phone`;

export const RESOLVE_VENUES = `
  create temp table exp_place on commit drop as
  select s.vkey, v.id from exp_venues s left join venues v on v.code = s.code`;

/** The rows naming an unknown (or ambiguous) person, or (venue files) an unknown venue. */
export function unresolvedRows(kind: ExposureKind): string {
  return `
  create temp table exp_bad on commit drop as
  select r.n,
         case when w.n = 0 then 'unknown_person'
              when w.n > 1 then 'ambiguous_phone'
              else 'unknown_venue' end as code,
         w.by_phone
    from exp_rows r
    join exp_who w on w.pkey = r.pkey
   where w.n <> 1${kind === 'venue' ? ' or r.place in (select vkey from exp_place where id is null)' : ''}`;
}

export const INSERT_SCANS = `
  insert into venue_scans (county_code, person_id, venue_id, at)
  select w.county_code, w.id, v.id, to_timestamp(r.at::float8 / 1000)
    from exp_rows r
    join exp_who w on w.pkey = r.pkey and w.n = 1
    join exp_place v on v.vkey = r.place and v.id is not null`;

export const INSERT_PINGS = `
  insert into location_pings (county_code, person_id, cell, at)
  select w.county_code, w.id, r.place, to_timestamp(r.at::float8 / 1000)
    from exp_rows r
    join exp_who w on w.pkey = r.pkey and w.n = 1`;

/**
 * Duplicates the line reader could not see (it compares a person's rows only with their previous
 * time): a late row equal to an earlier row of the file. $1 how many.
 */
export const LATE_DUPLICATES = `
  select o.n, min(e.n)::int as first
    from exp_rows o
    join exp_rows e on e.pkey = o.pkey and e.place = o.place and e.at = o.at and e.n < o.n
   where o.late
   group by o.n
   order by o.n
   limit $1`;

/**
 * Rows whose event was already in the table before this transaction (its xmin is another
 * transaction's). Only run when the insert skipped rows the line reader did not explain; the index
 * on n lets the scan stop at the first $1 found.
 */
export function alreadyLoaded(kind: ExposureKind): string {
  const [table, place, venue, value] =
    kind === 'venue'
      ? [
          'venue_scans',
          'venue_id',
          'cross join lateral (select v.id from exp_place v where v.vkey = r.place and v.id is not null) v',
          'v.id',
        ]
      : ['location_pings', 'cell', '', 'r.place'];
  // LATERAL keeps every lookup an index probe in n order, so the scan stops at the first $1 found.
  return `
  select r.n
    from exp_rows r
    cross join lateral (select w.id from exp_who w where w.pkey = r.pkey and w.n = 1) w
    ${venue}
   where exists (select 1 from ${table} x
                  where x.person_id = w.id and x.at = to_timestamp(r.at::float8 / 1000)
                    and x.${place} = ${value}
                    and x.xmin <> pg_current_xact_id()::xid)
   order by r.n
   limit $1`;
}
