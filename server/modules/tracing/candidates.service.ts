/**
 * Big-data candidates of a case (大数据推送): the people present with the case during its look-back
 * window, computed on demand from the exposure events, for the investigator to accept as a close or
 * secondary contact, mark as a space-time companion (时空伴随) or dismiss.
 *
 * Who counts (every figure from the case's protocol edition, `TracingRules.companion`):
 *  - venue co-presence: the case was at a venue — its own scan there within the window, or an
 *    itinerary entry naming the venue (present from `from_at` to `to_at`, cut to the window) — and
 *    the other person scanned the same venue within ± venueMinutes of that presence;
 *  - cell companions: each of the case's pings in the window stands for pingMinutes in its cell; the
 *    other person's pings in the same cell whose slots overlap (|Δt| < pingMinutes) are summed per
 *    person as minutes — the smaller of their overlapping slots and the case's, × pingMinutes, so a
 *    single ping beside two of the case's counts once — and kept from cellMinutes on.
 * Ranked by minutes of exposure (venue: encounters × venueMinutes; cell: shared slot minutes), then
 * encounters, then the latest. The case's own person is never a candidate.
 *
 * One statement (hand-written, docs/STYLE.md rule 6): the case's events come from the person
 * indexes, and every co-presence probe is an index range scan — venue_scans_venue (venue_id, at)
 * INCLUDE (person_id) and location_pings_cell (cell, at) INCLUDE (person_id) — forced by LATERAL,
 * so the cost follows the case's own events, not the 20 M rows of a day (bench/tracing-exposure.ts).
 */
import { sql } from 'kysely';
import { Permission } from '../../../domain/access.js';
import { editionById } from '../../../domain/protocol.js';
import { type ExposureType, type LookBackWindow, lookBackWindow } from '../../../domain/tracing.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { recordAudit } from '../audit/audit.service.js';
import { type CaseRow, type Executor, loadCase } from './cases.access.js';
import { cellFromDb } from './cells.js';
import { addContactToCase } from './contacts.core.js';

export type Decision = 'close' | 'secondary' | 'companion' | 'dismissed';

/** An investigator decided about a candidate: { caseId, personId, countyCode, decision } (health codes read companions). */
export const CANDIDATE_DECIDED = 'tracing.candidate_decided';

export interface CandidateOut {
  personId: string;
  name: string;
  idMasked: string;
  phoneMasked: string | null;
  place: { code: string; name: string };
  kind: 'venue' | 'cell' | 'both';
  minutes: number;
  encounters: number;
  firstAt: string;
  lastAt: string;
  where: string[];
  score: number;
  decision: Decision | null;
  contactId: string | null;
}

export interface CandidateListOut {
  window: { from: string; until: string };
  params: { venueMinutes: number; cellResolution: number; cellMinutes: number; pingMinutes: number };
  items: CandidateOut[];
  total: number;
}

interface CandidateRow {
  person_id: string;
  kind: 'venue' | 'cell' | 'both';
  minutes: number;
  encounters: number;
  first_at: Date | string;
  last_at: Date | string;
  venue_names: string[] | null;
  cells: string[] | null;
  name: string;
  id_masked: string;
  phone_masked: string | null;
  village_code: string;
  village_name: string | null;
  decision: Decision | null;
  contact_id: string | null;
  total: number;
}

/** How many places a candidate's `where` names. */
const WHERE_MAX = 4;

export function caseWindow(row: CaseRow, now = new Date()): LookBackWindow {
  return lookBackWindow(
    editionById(row.edition_id).tracing,
    {
      classification: row.classification,
      onsetDate: row.onset_date,
      sampledDate: row.sampled_date,
      isolatedAt: row.isolated_at ? new Date(row.isolated_at) : null,
      lastNegativeAt: row.last_negative_at ? new Date(row.last_negative_at) : null,
    },
    now,
  );
}

async function queryCandidates(
  db: Executor,
  row: CaseRow,
  window: LookBackWindow,
  page: { limit: number; offset: number; personId?: string },
): Promise<CandidateRow[]> {
  const { venueMinutes, cellMinutes, pingMinutes } = editionById(row.edition_id).tracing.companion;
  const self = row.person_id;
  const only = page.personId ?? null;
  const result = await sql<CandidateRow>`
    with mine_venue as (
      select s.venue_id, s.at as f, s.at as t
        from venue_scans s
       where s.person_id = ${self}::uuid and s.at >= ${window.from} and s.at <= ${window.until}
      union all
      select i.venue_id, greatest(i.from_at, ${window.from}::timestamptz), least(i.to_at, ${window.until}::timestamptz)
        from itinerary_entries i
       where i.case_id = ${row.id} and i.venue_id is not null
         and i.to_at >= ${window.from} and i.from_at <= ${window.until}
    ),
    venue_hits as (
      select o.person_id, m.venue_id, o.at
        from mine_venue m
        cross join lateral (
          select x.person_id, x.at from venue_scans x
           where x.venue_id = m.venue_id
             and x.at >= m.f - make_interval(mins => ${venueMinutes}::int)
             and x.at <= m.t + make_interval(mins => ${venueMinutes}::int)
        ) o
       where o.person_id is distinct from ${self}::uuid
         and (${only}::uuid is null or o.person_id = ${only}::uuid)
    ),
    mine_cell as (
      select p.cell, p.at from location_pings p
       where p.person_id = ${self}::uuid and p.at >= ${window.from} and p.at <= ${window.until}
    ),
    cell_hits as (
      select o.person_id, m.cell, o.at as o_at, m.at as m_at
        from mine_cell m
        cross join lateral (
          select x.person_id, x.at from location_pings x
           where x.cell = m.cell
             and x.at > m.at - make_interval(mins => ${pingMinutes}::int)
             and x.at < m.at + make_interval(mins => ${pingMinutes}::int)
        ) o
       where o.person_id is distinct from ${self}::uuid
         and (${only}::uuid is null or o.person_id = ${only}::uuid)
    ),
    by_venue as (
      select person_id, count(distinct (venue_id, at))::int as encounters,
             min(at) as first_at, max(at) as last_at, array_agg(distinct venue_id) as venues
        from venue_hits
       group by person_id
    ),
    by_cell as (
      select person_id, least(count(distinct o_at), count(distinct m_at))::int as slots,
             count(distinct o_at)::int as pings, min(o_at) as first_at, max(o_at) as last_at,
             array_agg(distinct cell::text) as cells
        from cell_hits
       group by person_id
      having least(count(distinct o_at), count(distinct m_at)) * ${pingMinutes}::int >= ${cellMinutes}::int
    ),
    cand as (
      select coalesce(v.person_id, c.person_id) as person_id,
             case when v.person_id is null then 'cell' when c.person_id is null then 'venue' else 'both' end as kind,
             (coalesce(v.encounters, 0) * ${venueMinutes}::int + coalesce(c.slots, 0) * ${pingMinutes}::int)::int as minutes,
             (coalesce(v.encounters, 0) + coalesce(c.pings, 0))::int as encounters,
             least(v.first_at, c.first_at) as first_at, greatest(v.last_at, c.last_at) as last_at,
             v.venues, c.cells
        from by_venue v
        full join by_cell c on c.person_id = v.person_id
    )
    select c.person_id, c.kind, c.minutes, c.encounters, c.first_at, c.last_at, c.cells,
           (select array_agg(n.name order by n.name) from venues n where n.id = any (c.venues)) as venue_names,
           p.name, p.id_masked, p.phone_masked, p.village_code, j.short_name as village_name,
           d.decision, coalesce(d.contact_id, k.id) as contact_id,
           count(*) over ()::int as total
      from cand c
      join lateral (select q.name, q.id_masked, q.phone_masked, q.village_code, q.county_code
                      from people q where q.id = c.person_id limit 1) p on true
      left join jurisdictions j on j.code = p.village_code
      left join candidate_decisions d
        on d.county_code = ${row.county_code} and d.case_id = ${row.id} and d.person_id = c.person_id
      left join lateral (select k.id from contacts k
                          where k.county_code = p.county_code and k.person_id = c.person_id limit 1) k on true
     order by c.minutes desc, c.encounters desc, c.last_at desc, c.person_id
     limit ${page.limit} offset ${page.offset}`.execute(db);
  return result.rows;
}

function present(r: CandidateRow): CandidateOut {
  const where = [...(r.venue_names ?? []), ...(r.cells ?? []).map((c) => cellFromDb(c))].slice(0, WHERE_MAX);
  return {
    personId: r.person_id,
    name: r.name,
    idMasked: r.id_masked,
    phoneMasked: r.phone_masked,
    place: { code: r.village_code, name: r.village_name ?? r.village_code },
    kind: r.kind,
    minutes: r.minutes,
    encounters: r.encounters,
    firstAt: new Date(r.first_at).toISOString(),
    lastAt: new Date(r.last_at).toISOString(),
    where,
    // Exposure minutes; encounters only break ties (the list's order says the same).
    score: r.minutes,
    decision: r.decision,
    contactId: r.contact_id,
  };
}

function paramsOf(row: CaseRow) {
  const { venueMinutes, cellResolution, cellMinutes, pingMinutes } = editionById(row.edition_id).tracing
    .companion;
  return { venueMinutes, cellResolution, cellMinutes, pingMinutes };
}

/** A case's candidates, best first (TracingRead; the case opened through loadCase). Audited. */
export async function listCandidates(
  ctx: RequestContext,
  caseId: string,
  page: { limit?: number; offset?: number } = {},
): Promise<CandidateListOut> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const row = await loadCase(ctx, caseId);
  const window = caseWindow(row);
  const rows = await queryCandidates(ctx.db, row, window, {
    limit: page.limit ?? 200,
    offset: page.offset ?? 0,
  });
  const total = rows[0]?.total ?? 0;
  await recordAudit(ctx, {
    action: 'tracing.candidates_viewed',
    resourceType: 'case',
    resourceId: row.id,
    jpath: row.jpath,
    detail: { number: row.number, total, shown: rows.length },
  });
  return {
    window: { from: window.from.toISOString(), until: window.until.toISOString() },
    params: paramsOf(row),
    items: rows.map(present),
    total,
  };
}

export interface DecisionInput {
  decision: Decision;
  exposureType?: ExposureType;
}

/**
 * The investigator's answer about one candidate (TracingInvestigate). close / secondary make the
 * person a contact of the case (contacts.core.ts addContactToCase, last exposure = the last
 * encounter); companion / dismissed are only recorded. An answer replaces the previous one (an
 * investigator may change their mind); a contact once made stays — moving it on is the contacts
 * page's business. Audited, in one transaction.
 */
export async function decideCandidate(
  ctx: RequestContext,
  caseId: string,
  personId: string,
  input: DecisionInput,
): Promise<CandidateOut> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadCase(ctx, caseId, { tx });
    const [found] = await queryCandidates(tx, row, caseWindow(row), { limit: 1, offset: 0, personId });
    if (!found) throw Errors.notFound('Candidate', personId);
    let contactId: string | null = found.contact_id;
    if (input.decision === 'close' || input.decision === 'secondary') {
      const added = await addContactToCase(ctx, tx, row, {
        personId,
        name: found.name,
        exposureType: input.exposureType ?? (found.kind === 'cell' ? 'companion' : 'venue'),
        lastExposureAt: new Date(found.last_at),
        degree: input.decision,
        source: 'candidate',
      });
      contactId = added.contactId;
    }
    await tx
      .insertInto('candidate_decisions')
      .values({
        county_code: row.county_code,
        case_id: row.id,
        person_id: personId,
        decision: input.decision,
        contact_id: contactId,
        decided_by: ctx.actor.userId,
      })
      .onConflict((oc) =>
        oc.columns(['county_code', 'case_id', 'person_id']).doUpdateSet({
          decision: input.decision,
          contact_id: sql<string | null>`coalesce(excluded.contact_id, candidate_decisions.contact_id)`,
          decided_by: ctx.actor.userId,
          decided_at: new Date(),
        }),
      )
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'tracing.candidate_decided',
        resourceType: 'case',
        resourceId: row.id,
        jpath: row.jpath,
        detail: { personId, decision: input.decision, contactId, kind: found.kind },
      },
      tx,
    );
    await emitEvent(
      tx,
      CANDIDATE_DECIDED,
      { caseId: row.id, personId, countyCode: row.county_code, decision: input.decision },
      row.jpath,
    );
    return present({ ...found, decision: input.decision, contact_id: contactId });
  });
}
