/**
 * The set-based statements of a bulk scan upload (bulk.service.ts), run in order inside one
 * transaction per chunk. Hand-written SQL on purpose (docs/STYLE.md rule 6): this is the hot path
 * of a full-city round (5.46 M scans in a few minutes, bench/testing.ts), and its shape — temp
 * tables ON COMMIT DROP, LATERAL … LIMIT 1 index probes (so no statement ever scans a table that
 * grows with the round), running window aggregates over the rows of a tube, INSERT … ON CONFLICT,
 * UPDATE … FROM an aggregate — has no Kysely equivalent that stays readable. Runs unchanged on PGlite and PostgreSQL. Parameters are positional ($1 is the round).
 *
 * Verdict codes (scan_final.code), in the order they are decided: null = accepted; then
 * unknown_person, outside_round (resolve); tube_other_round, tube_recheck;
 * replay / duplicate_same_tube / second_tube (already sampled in the round, or earlier in the
 * batch); tube_not_open; tube_other_household; tube_full (capacity, in sampledAt order).
 */

/** What the device sent, parsed and checked in JS (rows failing there never reach the database). */
export const CREATE_STAGE = `
  create temp table scan_stage (
    n integer not null,
    barcode text not null,
    person_id uuid,
    id_hex text,
    sampled_at timestamptz not null,
    site_id uuid,
    site_county text,
    site_jpath text,
    site_zone text,
    grp text
  ) on commit drop`;

export const STAGE_COLUMNS = [
  'n',
  'barcode',
  'person_id',
  'id_hex',
  'sampled_at',
  'site_id',
  'site_county',
  'site_jpath',
  'site_zone',
  'grp',
] as const;

/**
 * Per chunk: no JIT (on PostgreSQL its compile time, ~0.5 s, exceeded the statements' own — the
 * estimates on unanalysed temp tables are high), and sorts in memory. No sequential scan where an
 * index will do: every lookup of samples, tubes and people here is meant as an index probe, and the
 * statistics of tables being filled under the statement are stale by construction. Temp tables
 * have no index, so they are still scanned. PGlite accepts all three.
 */
export const SETTINGS = [
  `set local jit = off`,
  `set local work_mem = '64MB'`,
  `set local enable_seqscan = off`,
];

/** Staging without COPY (a request's Kysely connection has none): one INSERT of column arrays. */
export const STAGE_BY_ARRAYS = `
  insert into scan_stage (${STAGE_COLUMNS.join(', ')})
  select * from unnest($1::int[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[], $6::uuid[],
                       $7::text[], $8::text[], $9::text[], $10::text[])`;

/**
 * The person of each row (by id from a sampling code, or by ID-number hash) and their zone in the
 * round: LATERAL … LIMIT 1 keeps both lookups index probes (people_id, people_id_hash,
 * testing_round_areas_jpath) whatever the planner thinks of a 5 M-row people table. The zone is the
 * most specific round area among the path's ancestors (rounds.service zoneAt, set-based).
 * $1 round, $2 the actor's jpath.
 */
export const RESOLVE = `
  create temp table scan_rows on commit drop as
  select s.n, s.barcode, s.sampled_at, s.site_id, s.site_county, s.site_jpath, s.site_zone, s.grp,
         p.id as pid, p.county_code as p_county, p.jpath as p_jpath, p.household_id as p_household,
         z.zone as p_zone,
         -- Outside the actor's scope is "unknown", as findPersonRef answers: a scan must not tell
         -- whether an ID number exists elsewhere.
         case when p.id is null or left(p.jpath, length($2::text)) <> $2::text then 'unknown_person'
              when z.zone is null then 'outside_round' end as code
    from scan_stage s
    left join lateral (
      (select q.id, q.county_code, q.jpath, q.household_id from people q
        where s.person_id is not null and q.id = s.person_id limit 1)
      union all
      (select q.id, q.county_code, q.jpath, q.household_id from people q
        where s.id_hex is not null and q.id_hash = decode(s.id_hex, 'hex') limit 1)
      limit 1
    ) p on true
    left join lateral (
      select a.zone from testing_round_areas a
       where a.round_id = $1
         and a.jpath = any (array[left(p.jpath, 4), left(p.jpath, 6), left(p.jpath, 9), left(p.jpath, 12),
                                  substring(p.jpath from '^[0-9]+/G[0-9]+/'), p.jpath])
       order by length(a.jpath) desc
       limit 1
    ) z on true`;

/**
 * The tube each barcode means (this round's if any), locked: concurrent uploads and interactive
 * scans (sampling.service addSample locks the tube too) into the same tube wait for each other, and
 * the values read are the latest committed. Barcodes in order, so two uploads never lock crosswise.
 * A per-household tube's household is the one recorded on it, else its first member's who has one.
 * $1 round.
 */
export const TUBE_STATE = `
  create temp table scan_tubes on commit drop as
  select b.barcode, t.id, t.county_code, t.jpath, t.round_id, t.site_id, t.pool_group, t.status,
         t.purpose, t.capacity, t.per_household, t.members, t.opened_at, false as new,
         case when t.per_household and t.members > 0
              then coalesce(t.household_id,
                            (select s.household_id from samples s
                              where s.tube_id = t.id and s.household_id is not null limit 1))
         end as household_id
    from (select distinct barcode from scan_rows order by barcode) b
    join lateral (
      select * from tubes t where t.barcode = b.barcode
       order by (t.round_id = $1) desc, t.opened_at limit 1
       for update
    ) t on true`;

/**
 * A tube on first sight, from the first acceptable row of its barcode (sampledAt order): placed at
 * the site, or at the person's village when sampled at home; sized by the group (the row's, else
 * the zone of the site, else the person's zone). A barcode known anywhere (another round, another
 * county) is never opened again. Written to the table only after the verdicts (NEW_TUBES), with its
 * final members and status: one insert instead of an insert and an update of every new tube.
 * $1 round, $2 the round's pooling rules (jsonb).
 */
export const PLAN_TUBES = `
  insert into scan_tubes (barcode, id, county_code, jpath, round_id, site_id, pool_group, status, purpose,
                          capacity, per_household, members, opened_at, new)
  select distinct on (r.barcode) r.barcode, gen_random_uuid(), coalesce(r.site_county, r.p_county),
         coalesce(r.site_jpath, left(r.p_jpath, 12)), $1::uuid, r.site_id,
         coalesce(r.grp, r.site_zone, r.p_zone, 'prevention'), 'open', 'screening',
         ($2::jsonb -> coalesce(r.grp, r.site_zone, r.p_zone, 'prevention') ->> 'size')::int,
         ($2::jsonb -> coalesce(r.grp, r.site_zone, r.p_zone, 'prevention') ->> 'perHousehold')::boolean,
         0, r.sampled_at, true
    from scan_rows r
   where r.code is null and not exists (select 1 from scan_tubes t where t.barcode = r.barcode)
   order by r.barcode, r.sampled_at, r.n
  returning id`;

/**
 * Every row's verdict. A person's first acceptable scan of the batch wins (the others are
 * duplicates); then, per tube in sampledAt order, a per-household tube refuses other households
 * once it has one, and rows beyond capacity are refused. Running window aggregates over one sort
 * order (tube, sampledAt) do both. $1 round.
 */
export const VERDICTS = `
  create temp table scan_final on commit drop as
  with a as not materialized (
    select r.n, r.barcode, r.sampled_at, r.site_id, r.pid, r.p_county, r.p_jpath, r.p_household,
           t.id as tube_id, t.county_code as tube_county, t.capacity, t.per_household,
           t.members as t_members, t.household_id as t_household, prev.tube_id as prev_tube,
           case
             when r.code is not null then r.code
             when t.id is null or t.round_id <> $1 then 'tube_other_round'
             when t.purpose <> 'screening' then 'tube_recheck'
             when prev.tube_id is not null then
               case when prev.tube_id <> t.id then 'second_tube'
                    when prev.sampled_at = r.sampled_at then 'replay'
                    else 'duplicate_same_tube' end
             when t.status <> 'open' then 'tube_not_open'
           end as code1
      from scan_rows r
      left join scan_tubes t on t.barcode = r.barcode
      -- The person's samples of every round (a handful: samples_person), then this round's. The round
      -- is compared as text on purpose, so that no index can take it as its condition: with the
      -- statistics of an earlier round (a new round's id is in no histogram), PostgreSQL took
      -- samples_round_jpath (round_id, …) for this probe and read the whole round's samples per row,
      -- more at each row while a second chunk filled the round — the first chunk of a full-city round
      -- never finished.
      left join lateral (
        select s.tube_id, s.sampled_at from samples s
         where s.county_code = r.p_county and s.person_id = r.pid and s.round_id::text = $1::uuid::text
         limit 1
      ) prev on true
  ),
  firsts as (
    select distinct on (pid) pid, n, tube_id, sampled_at from a
     where code1 is null
       and pid in (select pid from scan_rows where pid is not null group by pid having count(*) > 1)
     order by pid, sampled_at, n
  ),
  c as (
    select a.*,
           case when a.code1 is not null or f.n is null or f.n = a.n then a.code1
                when f.tube_id <> a.tube_id then 'second_tube'
                when f.sampled_at = a.sampled_at then 'replay'
                else 'duplicate_same_tube' end as code2,
           case when f.n is not null and f.n <> a.n then f.tube_id else a.prev_tube end as earlier_tube
      from a left join firsts f on f.pid = a.pid
  ),
  d as (
    select c.*,
           coalesce(t_household,
                    (array_agg(p_household) filter (where code2 is null and p_household is not null)
                       over w)[1]) as tube_hh
      from c
    window w as (partition by barcode order by sampled_at, n rows between unbounded preceding and current row)
  ),
  e as (
    select d.*,
           case when code2 is null and per_household and tube_hh is not null
                     and p_household is distinct from tube_hh
                then 'tube_other_household' else code2 end as code3
      from d
  )
  select n, barcode, sampled_at, site_id, pid, p_county, p_jpath, p_household, tube_id, tube_county,
         tube_hh, earlier_tube,
         case when code3 is null and t_members + count(*) filter (where code3 is null) over w > capacity
              then 'tube_full' else code3 end as code
    from e
  window w as (partition by barcode order by sampled_at, n rows between unbounded preceding and current row)`;

/**
 * No ON CONFLICT: the verdicts already found everyone sampled before, and a concurrent writer
 * sampling one of our people meanwhile makes this a unique violation — the chunk is then rolled
 * back and run again (bulk.service.ts), and sees that sample. $1 round, $2 actor.
 */
export const INSERT_SAMPLES = `
  insert into samples (county_code, round_id, person_id, jpath, household_id, tube_id, tube_county,
                       site_id, sampled_at, sampled_by)
  select p_county, $1, pid, p_jpath, p_household, tube_id, tube_county, site_id, sampled_at, $2
    from scan_final where code is null`;

const MEMBERS = `(select tube_id, count(*)::int as k, max(sampled_at) as last,
                         min(tube_hh::text)::uuid as hh
                    from scan_final where code is null group by tube_id)`;

/**
 * The new tubes with their members; a barcode opened meanwhile by someone else inserts nothing,
 * and the chunk runs again (the caller compares the count). $1 round, $2 actor.
 */
export const NEW_TUBES = `
  insert into tubes (id, county_code, jpath, round_id, barcode, site_id, pool_group, capacity,
                     per_household, household_id, members, status, opened_at, opened_by, closed_at)
  select n.id, n.county_code, n.jpath, $1, n.barcode, n.site_id, n.pool_group, n.capacity,
         n.per_household, case when n.per_household then a.hh end, coalesce(a.k, 0),
         case when coalesce(a.k, 0) >= n.capacity then 'closed' else 'open' end, n.opened_at, $2,
         case when coalesce(a.k, 0) >= n.capacity then a.last end
    from scan_tubes n left join ${MEMBERS} a on a.tube_id = n.id
   where n.new
  on conflict (county_code, barcode) do nothing
  returning status`;

/** Members, the household of per-household tubes, and closing the existing tubes now full. */
export const UPDATE_TUBES = `
  update tubes t
     set members = t.members + a.k,
         household_id = case when t.per_household then coalesce(t.household_id, a.hh) else t.household_id end,
         status = case when t.members + a.k >= t.capacity then 'closed' else t.status end,
         closed_at = case when t.members + a.k >= t.capacity then a.last else t.closed_at end
    from ${MEMBERS} a, scan_tubes s
   where s.id = a.tube_id and not s.new and t.county_code = s.county_code and t.id = s.id
  returning t.status`;

/**
 * A flag per second scan, once per (round, person, barcode): a device re-sending a batch adds no
 * flag for a scan already flagged. An exact replay (same person, tube and time) is not flagged at
 * all — it is the same scan arriving twice. $1 round, $2 actor.
 */
export const FLAG_DUPLICATES = `
  insert into sample_flags (county_code, jpath, round_id, person_id, barcode, kind, detail, at, by_user)
  select distinct on (f.pid, f.barcode) f.p_county, f.p_jpath, $1, f.pid, f.barcode, f.code,
         jsonb_build_object('firstTube', (select t.barcode from tubes t where t.id = f.earlier_tube limit 1),
                            'source', 'upload', 'row', f.n),
         f.sampled_at, $2
    from scan_final f
   where f.code in ('duplicate_same_tube', 'second_tube')
     and not exists (select 1 from sample_flags x
                      where x.round_id = $1 and x.jpath = f.p_jpath and x.person_id = f.pid
                        and x.barcode = f.barcode)
   order by f.pid, f.barcode, f.sampled_at`;

/** Door-to-door visits no longer needed: the person has been sampled (at home or at a site). */
export const TASKS_SAMPLED = `
  update sampling_tasks k
     set status = 'sampled', sampled_at = f.sampled_at
    from scan_final f
   where f.code is null and k.county_code = f.p_county and k.round_id = $1 and k.person_id = f.pid
     and k.kind = 'door_to_door' and k.status = 'pending'`;

export const COUNTS = `select code, count(*)::int as n from scan_final group by code`;

/** $1 how many. */
export const PROBLEMS = `
  select f.n, f.code, f.barcode from scan_final f
   where f.code is not null and f.code <> 'replay'
   order by f.n limit $1`;

/** $1 topic, $2 payload, $3 jpath (platform/outbox.ts emitEvent, inside this session). */
export const EMIT = `insert into outbox (topic, payload, jpath) values ($1, $2::jsonb, $3)`;
