/**
 * Clusters and transmission chains as the user sees them: the clusters with a case I may open, a
 * cluster renamed by hand, the chain graph (cases, close and secondary contacts, shared places) and
 * its export. The clusters themselves are computed in chains.events.ts.
 *
 * Visibility is the one rule of cases.access.ts: a cluster is listed when at least one of its cases
 * is visible to me; its size and dates are the whole cluster's (a county sees that its three cases
 * belong to an outbreak of forty), but the graph and the export hold only the visible cases and the
 * contacts linked to them.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { cstDate, cstMidnight } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { type Actor, type RequestContext, requirePermission } from '../../platform/context.js';
import { AppError, Errors } from '../../platform/errors.js';
import { emitEvent } from '../../platform/outbox.js';
import { recordAudit } from '../audit/audit.service.js';
import { caseVisible, loadCase } from './cases.access.js';
import { CLUSTER_CHANGED } from './chains.events.js';
import { CHAIN_DEFAULT_NODES, type ChainQuery, type Cluster } from './chains.schema.js';

type ClusterJson = Static<typeof Cluster>;

/** caseVisible for a query over `cases` under another alias. */
function visible(actor: Actor, alias: string) {
  const condition = caseVisible(actor, alias);
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    condition(eb as unknown as ExpressionBuilder<Database, keyof Database>);
}

// ---------------------------------------------------------------------------------------------
// Clusters

function clusterRows(db: Kysely<Database>, actor: Actor) {
  return db
    .selectFrom('clusters as cl')
    .innerJoin('cases as fc', 'fc.id', 'cl.first_case_id')
    .select([
      'cl.id',
      'cl.name',
      'cl.jpath',
      'cl.county_code',
      'cl.size',
      'cl.size_day_before',
      'cl.updated_at',
      'cl.first_case_id',
      'fc.number as first_number',
      'fc.reported_at as first_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('cases as m')
        .select((e) => e.fn.max('m.reported_at').as('at'))
        .whereRef('m.cluster_id', '=', 'cl.id')
        .as('last_at'),
    )
    .where('cl.merged_into', 'is', null)
    .where('cl.size', '>=', 2)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('cases as c')
          .select('c.id')
          .whereRef('c.cluster_id', '=', 'cl.id')
          .where(visible(actor, 'c')),
      ),
    );
}

type ClusterRow = Awaited<ReturnType<ReturnType<typeof clusterRows>['execute']>>[number];

/** Growth counts only for rows written today: an older row has not grown since yesterday. */
function growthOf(row: Pick<ClusterRow, 'size' | 'size_day_before' | 'updated_at'>, now: Date): number {
  return row.updated_at >= cstMidnight(cstDate(now)) ? row.size - row.size_day_before : 0;
}

export async function presentClusters(
  db: Kysely<Database>,
  rows: ClusterRow[],
  now: Date,
): Promise<ClusterJson[]> {
  if (rows.length === 0) return [];
  const places = await sql<{ cluster_id: string; code: string; name: string; n: number }>`
    select c.cluster_id, j.code, j.short_name as name, count(*)::int as n
      from cases c
      join jurisdictions j on j.code = rpad(left(c.jpath, 12), 12, '0')
     where c.cluster_id = any(${rows.map((r) => r.id)}::uuid[])
     group by c.cluster_id, j.code, j.short_name
     order by c.cluster_id, n desc, j.code`.execute(db);
  const placesOf = new Map<string, Array<{ code: string; name: string }>>();
  for (const p of places.rows) {
    const list = placesOf.get(p.cluster_id) ?? [];
    if (list.length < 10) list.push({ code: p.code, name: p.name });
    placesOf.set(p.cluster_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    size: r.size,
    growth: growthOf(r, now),
    firstCase: { id: r.first_case_id, number: r.first_number },
    firstReportedAt: r.first_at.toISOString(),
    lastReportedAt: (r.last_at ? new Date(r.last_at) : r.first_at).toISOString(),
    places: placesOf.get(r.id) ?? [],
  }));
}

/** Clusters with at least one case I may open: largest first. */
export async function listClusters(ctx: RequestContext, now = new Date()): Promise<ClusterJson[]> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const rows = await clusterRows(ctx.db, ctx.actor)
    .orderBy('cl.size', 'desc')
    .orderBy('fc.reported_at')
    .orderBy('cl.id')
    .execute();
  return presentClusters(ctx.db, rows, now);
}

/**
 * A cluster I may see (one of its cases is visible to me). With `follow`, an id of a cluster that
 * merged into another leads to the one it merged into, so an old link still opens the outbreak.
 */
export async function visibleCluster(ctx: RequestContext, id: string, follow: boolean): Promise<ClusterRow> {
  let current = id;
  for (let hop = 0; hop < 20; hop++) {
    const row = await ctx.db
      .selectFrom('clusters')
      .select(['id', 'name', 'size', 'merged_into'])
      .where('id', '=', current)
      .executeTakeFirst();
    if (!row || (row.merged_into && !follow) || (!row.merged_into && row.size < 2))
      throw Errors.notFound('Cluster', id);
    if (row.merged_into) {
      current = row.merged_into;
      continue;
    }
    const mine = await clusterRows(ctx.db, ctx.actor).where('cl.id', '=', row.id).executeTakeFirst();
    if (!mine) throw Errors.outOfScope(`Cluster ${row.name}`);
    return mine;
  }
  throw Errors.notFound('Cluster', id);
}

export async function getCluster(ctx: RequestContext, id: string, now = new Date()): Promise<ClusterJson> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const row = await visibleCluster(ctx, id, true);
  return (await presentClusters(ctx.db, [row], now))[0]!;
}

/** A cluster renamed by hand: the name then never changes by itself (chains.events.ts). */
export async function renameCluster(
  ctx: RequestContext,
  id: string,
  input: { name: string },
  now = new Date(),
): Promise<ClusterJson> {
  requirePermission(ctx.actor, Permission.TracingInvestigate);
  const name = input.name.trim();
  if (!name) throw Errors.validation([{ field: 'name', message: 'The name is empty' }]);
  const row = await visibleCluster(ctx, id, false);
  await ctx.db.transaction().execute(async (tx) => {
    // The same lazy roll of size_day_before as every write (chains.events.ts), so growth stays right.
    await sql`
      update clusters
         set name = ${name}, updated_at = ${now},
             size_day_before = case when updated_at < ${cstMidnight(cstDate(now))} then size else size_day_before end
       where id = ${row.id}`.execute(tx);
    await recordAudit(
      ctx,
      {
        action: 'tracing.cluster_renamed',
        resourceType: 'cluster',
        resourceId: row.id,
        jpath: row.jpath,
        detail: { from: row.name, to: name },
      },
      tx,
    );
    await emitEvent(
      tx,
      CLUSTER_CHANGED,
      { clusterId: row.id, countyCode: row.county_code, size: row.size, mergedInto: null },
      row.jpath,
    );
  });
  return getCluster(ctx, row.id, now);
}

// ---------------------------------------------------------------------------------------------
// The chain graph

export interface Selection {
  /** The cluster whose visible cases are shown … */
  cluster: ClusterRow | null;
  /** … or one case alone (a case in no cluster) … */
  caseId: string | null;
  /** … else every case I may see. Where the read happened, for the audit log. */
  jpath: string;
}

/** Which cases a chain request is about; checks that I may see them. */
export async function selectionOf(
  ctx: RequestContext,
  query: { clusterId?: string | undefined; caseId?: string | undefined },
): Promise<Selection> {
  if (query.caseId) {
    const c = await loadCase(ctx, query.caseId);
    if (c.cluster_id) {
      try {
        return { cluster: await visibleCluster(ctx, c.cluster_id, true), caseId: null, jpath: c.jpath };
      } catch (error) {
        // A cluster_id a reconciliation is about to clear (dissolved): show the case alone.
        if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    return { cluster: null, caseId: c.id, jpath: c.jpath };
  }
  if (query.clusterId) {
    const cluster = await visibleCluster(ctx, query.clusterId, true);
    return { cluster, caseId: null, jpath: cluster.jpath };
  }
  return { cluster: null, caseId: null, jpath: ctx.actor.jpath };
}

function selectedCases(db: Kysely<Database>, actor: Actor, s: Selection) {
  let q = db
    .selectFrom('cases as c')
    .select([
      'c.id',
      'c.county_code',
      'c.cluster_id',
      'c.number',
      'c.name',
      'c.classification',
      'c.status',
      'c.reported_at',
    ])
    .where(visible(actor, 'c'));
  if (s.cluster) q = q.where('c.cluster_id', '=', s.cluster.id);
  if (s.caseId) q = q.where('c.id', '=', s.caseId);
  return q;
}

/**
 * An instant as ISO 8601 text in UTC (2022-03-10T02:00:00Z, fractions of a second when there are
 * any), quoted, or null: the timestamp's own text form under DateStyle ISO, a third of the cost
 * of to_char.
 */
const isoJson = (column: string) =>
  sql`coalesce('"' || replace((${sql.ref(column)} at time zone 'UTC')::text, ' ', 'T') || 'Z"', 'null')`;
/** A uuid or a value of a CHECK constraint as a JSON value: quoted, or null. */
const quoted = (column: string) => sql`coalesce('"' || ${sql.ref(column)} || '"', 'null')`;

export interface GraphJson {
  /** The graph on the wire (domain/chain-graph.ts ChainGraphWire) as JSON text, in pieces. */
  parts: string[];
  nodes: number;
  edges: number;
  truncated: boolean;
}

/**
 * The chain graph of the selected cases as JSON text in its wire form (domain/chain-graph.ts),
 * built by the database in one statement. Hand-written SQL on purpose (docs/STYLE.md rule 6): the
 * city's whole graph is ~110,000 nodes and as many edges, and turning that many rows into JS
 * objects, a graph and back into JSON cost several seconds; the database writes the same text in a
 * fraction of that (bench/tracing-chains.ts measures it). By concatenation rather than
 * json_build_object, which costs three times as much per row; every free text (names, labels,
 * venue kinds) goes through to_json, the other fields are uuids and the values of CHECK constraints.
 *
 * Nodes: the selected cases; contacts named by them (close); contacts named through those
 * (secondary); venues in their itineraries that another case visited too. When there are more
 * than `limit`, the first `limit` in that order of priority are kept (cases by report time
 * first) and edges only between kept nodes; otherwise nothing is sorted or filtered (the gates
 * below are one-time conditions, so the ranking is never computed). Every CTE used twice is
 * computed once.
 */
export async function graphJson(
  db: Kysely<Database>,
  actor: Actor,
  s: Selection,
  limit: number,
): Promise<GraphJson> {
  const query = sql<{ part: 0 | 1 | 2; chunk: string }>`
    with sel as ${selectedCases(db, actor, s)},
    named as (
      select l.case_id, l.contact_id, l.county_code from sel join contact_links l on l.case_id = sel.id
    ),
    via as (
      select s.via_contact_id, s.contact_id, s.county_code
        from contact_links s
       where s.via_contact_id in (select contact_id from named)
    ),
    people as (
      select k.id, k.name, k.degree, k.status, k.last_exposure_at, k.converted_case_id
        from contacts k
       where (k.county_code, k.id) in (select county_code, contact_id from named
                                       union all select county_code, contact_id from via)
    ),
    visits as (
      select distinct i.case_id, i.venue_id, sel.cluster_id
        from sel join itinerary_entries i on i.case_id = sel.id
       where i.venue_id is not null
         and exists (select 1 from itinerary_entries o where o.venue_id = i.venue_id and o.case_id <> i.case_id)
    ),
    places as (
      select v.id, x.cluster_id, v.name, v.kind
        from (select venue_id, min(cluster_id::text collate "C")::uuid as cluster_id from visits group by venue_id) x
        join venues v on v.id = x.venue_id
    ),
    total as (
      select (select count(*) from sel) + (select count(*) from places) + (select count(*) from people) as n
    ),
    kept as (
      select id from (
        select id, 0 as prio, reported_at as at from sel
        union all
        select id, 1, null from places
        union all
        select id, case when degree = 'close' then 2 else 3 end, last_exposure_at from people
      ) keys
      order by prio, at, id limit ${limit}
    ),
    node_json as (
      select '["' || c.id || '","case",' || to_json(c.number || ' ' || c.name) || ',"' || c.classification || '",'
             || ${quoted('c.cluster_id')} || ',' || ${isoJson('c.reported_at')} || ',"' || c.status || '"]' as j
        from sel c
       where (select n from total) <= ${limit} or c.id in (select id from kept)
      union all
      select '["' || p.id || '","place",' || to_json(p.name) || ',' || coalesce(to_json(p.kind)::text, 'null') || ','
             || ${quoted('p.cluster_id')} || ',null,null]'
        from places p
       where (select n from total) <= ${limit} or p.id in (select id from kept)
      union all
      select '["' || p.id || '","contact",' || to_json(p.name) || ',"' || p.degree || '",null,'
             || ${isoJson('p.last_exposure_at')} || ',"' || p.status || '"]'
        from people p
       where (select n from total) <= ${limit} or p.id in (select id from kept)
    ),
    edges as (
      select case_id as source, contact_id as target, 'named' as kind from named
      union all
      select via_contact_id, contact_id, 'via' from via
      union all
      -- A contact who became a case I may see (contacts.converted_case_id; cases.from_contact_id
      -- says the same from the other side, written in the same transaction).
      select id, converted_case_id, 'infected' from people where converted_case_id in (select id from sel)
      union all
      select case_id, venue_id, 'visited' from visits
    ),
    edge_json as (
      select '["' || e.source || '","' || e.target || '","' || e.kind || '"]' as j
        from edges e
       where (select n from total) <= ${limit}
          or (e.source in (select id from kept) and e.target in (select id from kept))
    )
    -- In pieces of 2,000 objects: many moderate rows travel and decode faster than one of 20 MB.
    select 0 as part, string_agg(j, ',') as chunk
      from (select j, (row_number() over ()) / 2000 as g from node_json) x group by g
    union all
    select 1, string_agg(j, ',') from (select j, (row_number() over ()) / 2000 as g from edge_json) x group by g
    union all
    select 2, (select n from total)::text || ',' || (select count(*) from edge_json)::text`;
  const rows = await db.transaction().execute(async (tx) => {
    // Without JIT (its compile time on a statement this size exceeds the run time) and with room
    // to hash and aggregate ~100,000 contacts in memory rather than on disk. PGlite accepts them all.
    await sql`set local jit = off`.execute(tx);
    await sql`set local work_mem = '64MB'`.execute(tx);
    await sql`set local datestyle = 'ISO'`.execute(tx); // isoJson relies on it
    // The planner cannot see how many contacts a CTE holds (it guesses 200 groups) and would probe
    // the contacts' index 100,000 times, or sort 100,000 uuids for merge joins; for a
    // cluster or the whole graph, hash joins are right.
    if (!s.caseId) {
      await sql`set local enable_nestloop = off`.execute(tx);
      await sql`set local enable_mergejoin = off`.execute(tx);
    }
    return (await query.execute(tx)).rows;
  });
  const [total, edges] = rows
    .find((r) => r.part === 2)!
    .chunk.split(',')
    .map(Number) as [number, number];
  const truncated = total > limit;
  const parts = ['{"nodes":['];
  const add = (part: 0 | 1) => {
    let first = true;
    for (const r of rows) {
      if (r.part !== part || r.chunk === null) continue;
      if (!first) parts.push(',');
      parts.push(r.chunk);
      first = false;
    }
  };
  add(0);
  parts.push('],"edges":[');
  add(1);
  parts.push(`],"truncated":${truncated}}`);
  return { parts, nodes: Math.min(total, limit), edges, truncated };
}

export async function chainGraph(ctx: RequestContext, query: Static<typeof ChainQuery>): Promise<GraphJson> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const selection = await selectionOf(ctx, query);
  const graph = await graphJson(ctx.db, ctx.actor, selection, query.limit ?? CHAIN_DEFAULT_NODES);
  await recordAudit(ctx, {
    action: 'tracing.chains_viewed',
    resourceType: selection.cluster ? 'cluster' : selection.caseId ? 'case' : 'chains',
    ...(selection.cluster || selection.caseId
      ? { resourceId: selection.cluster?.id ?? selection.caseId! }
      : {}),
    jpath: selection.jpath,
    detail: { nodes: graph.nodes, edges: graph.edges, truncated: graph.truncated },
  });
  return graph;
}
