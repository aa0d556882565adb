/**
 * Clusters (聚集性疫情) kept up to date: the connected components (union-find, domain/tracing.ts) of
 * the cases, persisted in `clusters` with an identity that survives growth, merges and splits.
 *
 * Decisions (README.md "Clusters" says the same in one breath):
 * - Two cases are linked by **infection** — a case whose origin contact (`cases.from_contact_id`,
 *   or `contacts.converted_case_id` pointing at it) was named by the other case, or was a secondary
 *   contact through a close contact named by it — or by a **shared venue**: both itineraries hold an
 *   entry at the same `venue_id`, at any time. A shared venue alone joins clusters: that is how
 *   market and supermarket clusters are found, before anyone knows who infected whom. Addresses and
 *   villages typed as free text do not join (two people "in 张营村" need not have met).
 * - Only components of two or more cases are stored as clusters; a lone case has `cluster_id` null.
 * - Identity: a component keeps the cluster its members already point at; when it holds several
 *   (two clusters merged), the one whose first case was reported first keeps its id and name and
 *   the younger gets `merged_into` (size 0). When a cluster splits, the part holding its first case
 *   keeps it and the other parts become new clusters. A cluster left with one case is dissolved
 *   (size 0) but kept, so its id never points at another outbreak.
 * - The name is given once, when the cluster is first stored — "<venue>相关聚集" after the venue
 *   most of its cases visited, else "<village of the first case>聚集性疫情" — and then changes only
 *   by hand (PATCH /clusters/:id). So a hand-given name can never be overwritten, and no column
 *   needs to remember who named it.
 * - Growth: `size_day_before` is the size at the end of the previous CST day. It is rolled lazily on
 *   every write (if the row was last written before today's CST midnight, the stored size is what it
 *   was at the end of yesterday), and readers count growth only for rows written today.
 *
 * Two ways in, one reconciliation: `recomputeClusters` reads the whole graph (the benchmark, a
 * repair after deletions), the event handlers read only the part around the cases an event touched
 * (a breadth-first walk over index lookups), so a new case costs a few queries, not a pass over
 * 10,000 cases. Both are idempotent: a second run finds nothing to write. An advisory lock
 * serialises them, so two app servers handling events at once cannot create the same cluster twice.
 */
import crypto from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { cstDate, cstMidnight, UnionFind } from '../../../domain/tracing.js';
import type { Database } from '../../db/schema.js';
import { emitEvent, type EventHandler, type OutboxEvent } from '../../platform/outbox.js';

export const CLUSTER_CHANGED = 'tracing.cluster_changed';
const LOCK_KEY = 'cordon.tracing.clusters';

type Executor = Kysely<Database> | Transaction<Database>;

interface GraphCase {
  id: string;
  county_code: string;
  jpath: string;
  number: string;
  reported_at: Date;
  cluster_id: string | null;
}

/** The part of the case graph a reconciliation looks at: cases, infection links, venues shared by cases. */
interface Graph {
  cases: Map<string, GraphCase>;
  edges: Array<{ a: string; b: string }>;
  /** Venue id → the cases (among `cases`) whose itinerary holds it. */
  venues: Map<string, string[]>;
}

export interface ClusterChanges {
  created: number;
  updated: number;
  merged: number;
  dissolved: number;
  /** Cases whose cluster_id changed. */
  cases: number;
}

// ---------------------------------------------------------------------------------------------
// Reading the graph

const CASE_COLUMNS = sql`id, county_code, jpath, number, reported_at, cluster_id`;

/** Every infection link between cases, from the child's side (whole graph: hash joins, no filters). */
const ALL_INFECTION_EDGES = sql<{ a: string; b: string }>`
  with conv as (
    select c.id as case_id, c.from_contact_id as contact_id from cases c where c.from_contact_id is not null
    union
    select k.converted_case_id, k.id from contacts k where k.converted_case_id is not null
  )
  select l.case_id as a, conv.case_id as b
    from conv
    join contacts k on k.id = conv.contact_id
    join contact_links l on l.county_code = k.county_code and l.contact_id = k.id
   where l.case_id is not null
  union all
  select l2.case_id, conv.case_id
    from conv
    join contacts k on k.id = conv.contact_id
    join contact_links l on l.county_code = k.county_code and l.contact_id = k.id
    join contacts d on d.id = l.via_contact_id
    join contact_links l2 on l2.county_code = d.county_code and l2.contact_id = d.id
   where l2.case_id is not null`;

/**
 * Infection links touching the given cases, both ways, each an index lookup: contacts named by them
 * (or secondary through a close contact they named) who became cases, and the cases that named their
 * origin contact (or its close contact).
 */
function infectionEdgesAround(ids: string[]) {
  return sql<{ a: string; b: string }>`
    select l.case_id as a, k.converted_case_id as b
      from contact_links l
      join contacts k on k.county_code = l.county_code and k.id = l.contact_id
     where l.case_id = any(${ids}::uuid[]) and k.converted_case_id is not null
    union all
    select l.case_id, k.converted_case_id
      from contact_links l
      join contact_links s on s.via_contact_id = l.contact_id
      join contacts k on k.county_code = s.county_code and k.id = s.contact_id
     where l.case_id = any(${ids}::uuid[]) and k.converted_case_id is not null
    union all
    select l.case_id, c.id
      from cases c
      join contacts k on k.id = c.from_contact_id
      join contact_links l on l.county_code = k.county_code and l.contact_id = k.id
     where c.id = any(${ids}::uuid[]) and l.case_id is not null
    union all
    select l2.case_id, c.id
      from cases c
      join contacts k on k.id = c.from_contact_id
      join contact_links l on l.county_code = k.county_code and l.contact_id = k.id
      join contacts d on d.id = l.via_contact_id
      join contact_links l2 on l2.county_code = d.county_code and l2.contact_id = d.id
     where c.id = any(${ids}::uuid[]) and l2.case_id is not null`;
}

function addVenue(venues: Map<string, string[]>, venueId: string, caseId: string): void {
  const list = venues.get(venueId);
  if (!list) venues.set(venueId, [caseId]);
  else if (!list.includes(caseId)) list.push(caseId);
}

async function wholeGraph(db: Executor): Promise<Graph> {
  const cases = await sql<GraphCase>`select ${CASE_COLUMNS} from cases`.execute(db);
  const edges = await ALL_INFECTION_EDGES.execute(db);
  // Only venues visited by two or more cases can join anything.
  const visits = await sql<{ venue_id: string; case_ids: string[] }>`
    select venue_id, array_agg(distinct case_id) as case_ids
      from itinerary_entries
     where venue_id is not null
     group by venue_id
    having count(distinct case_id) > 1`.execute(db);
  return {
    cases: new Map(cases.rows.map((c) => [c.id, c])),
    edges: edges.rows,
    venues: new Map(visits.rows.map((v) => [v.venue_id, v.case_ids])),
  };
}

/**
 * The components that contain `seeds`, together with every cluster their cases belonged to (so a
 * split is seen from both sides), by a breadth-first walk: each round looks up the links, venues
 * and former cluster mates of the newest cases only, each an index lookup.
 */
async function graphAround(db: Executor, seeds: string[]): Promise<Graph> {
  const seen = new Set<string>(seeds);
  const edges: Graph['edges'] = [];
  const venues = new Map<string, string[]>();
  const walkedClusters = new Set<string>();
  let frontier = [...seen];
  while (frontier.length > 0) {
    const next: string[] = [];
    const reach = (id: string) => {
      if (!seen.has(id)) {
        seen.add(id);
        next.push(id);
      }
    };
    for (const e of (await infectionEdgesAround(frontier).execute(db)).rows) {
      edges.push(e);
      reach(e.a);
      reach(e.b);
    }
    const shared = await sql<{ venue_id: string; case_id: string }>`
      select distinct o.venue_id, o.case_id
        from itinerary_entries i
        join itinerary_entries o on o.venue_id = i.venue_id
       where i.case_id = any(${frontier}::uuid[]) and i.venue_id is not null
         and i.venue_id <> all(${[...venues.keys()]}::uuid[])`.execute(db);
    for (const v of shared.rows) {
      addVenue(venues, v.venue_id, v.case_id);
      reach(v.case_id);
    }
    const mates = await sql<{ id: string; cluster_id: string }>`
      select m.id, m.cluster_id from cases m
       where m.cluster_id in (select c.cluster_id from cases c
                               where c.id = any(${frontier}::uuid[]) and c.cluster_id is not null
                                 and c.cluster_id <> all(${[...walkedClusters]}::uuid[]))`.execute(db);
    for (const m of mates.rows) {
      walkedClusters.add(m.cluster_id);
      reach(m.id);
    }
    frontier = next;
  }
  const cases = await sql<GraphCase>`
    select ${CASE_COLUMNS} from cases where id = any(${[...seen]}::uuid[])`.execute(db);
  return { cases: new Map(cases.rows.map((c) => [c.id, c])), edges, venues };
}

// ---------------------------------------------------------------------------------------------
// Reconciling components with the stored clusters

interface StoredCluster {
  id: string;
  name: string;
  first_case_id: string;
  size: number;
  jpath: string;
  merged_into: string | null;
  created_at: Date;
  first_at: Date | null;
}

interface Component {
  members: GraphCase[];
  first: GraphCase;
  jpath: string;
  /** The venue most of its cases visited, if any venue joins two of them. */
  venueId: string | null;
  clusterId: string | null;
}

/** The deepest division containing every path: 131002100202 and 131002100203/G001/ → 131002100. */
export function commonDivision(paths: readonly string[]): string {
  const digits = paths.map((p) => /^\d+/.exec(p)?.[0] ?? p);
  let prefix = digits[0] ?? '';
  for (const d of digits.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < d.length && prefix[i] === d[i]) i++;
    prefix = prefix.slice(0, i);
  }
  const width = [12, 9, 6, 4].find((w) => w <= prefix.length);
  return width ? prefix.slice(0, width) : (digits[0] ?? '').slice(0, 4);
}

/** A city-level row's county is the city's own 131000 (docs/ARCHITECTURE.md, data conventions). */
function countyOfDivision(jpath: string): string {
  return jpath.length >= 6 ? jpath.slice(0, 6) : jpath.padEnd(6, '0');
}

const earlier = (x: GraphCase, y: GraphCase) =>
  x.reported_at.getTime() - y.reported_at.getTime() || x.number.localeCompare(y.number);

function components(graph: Graph): Component[] {
  const uf = new UnionFind();
  for (const id of graph.cases.keys()) uf.add(id);
  for (const { a, b } of graph.edges) {
    if (graph.cases.has(a) && graph.cases.has(b)) uf.union(a, b);
  }
  for (const ids of graph.venues.values()) {
    const known = ids.filter((id) => graph.cases.has(id));
    for (const id of known.slice(1)) uf.union(known[0]!, id);
  }
  const out: Component[] = [];
  const indexOfRoot = new Map<string, number>();
  for (const [root, ids] of uf.groups()) {
    if (ids.length < 2) continue;
    const members = ids.map((id) => graph.cases.get(id)!).sort(earlier);
    indexOfRoot.set(root, out.length);
    out.push({
      members,
      first: members[0]!,
      jpath: commonDivision(members.map((m) => m.jpath)),
      venueId: null,
      clusterId: null,
    });
  }
  // The naming venue: the one shared by the most cases of the component (ties: the smaller id).
  const best = new Map<number, { venueId: string; count: number }>();
  for (const [venueId, ids] of graph.venues) {
    const known = ids.filter((id) => graph.cases.has(id));
    if (known.length < 2) continue;
    const index = indexOfRoot.get(uf.find(known[0]!));
    if (index === undefined) continue;
    const current = best.get(index);
    if (
      !current ||
      known.length > current.count ||
      (known.length === current.count && venueId < current.venueId)
    )
      best.set(index, { venueId, count: known.length });
  }
  for (const [index, { venueId }] of best) out[index]!.venueId = venueId;
  return out;
}

async function autoNames(db: Executor, fresh: Component[]): Promise<string[]> {
  const venueIds = [...new Set(fresh.flatMap((c) => (c.venueId ? [c.venueId] : [])))];
  const villageCodes = [...new Set(fresh.map((c) => villageOf(c.first.jpath)))];
  const venues = venueIds.length
    ? await db.selectFrom('venues').select(['id', 'name']).where('id', 'in', venueIds).execute()
    : [];
  const places = await db
    .selectFrom('jurisdictions')
    .select(['code', 'short_name'])
    .where('code', 'in', villageCodes)
    .execute();
  const venueName = new Map(venues.map((v) => [v.id, v.name]));
  const placeName = new Map(places.map((p) => [p.code, p.short_name]));
  const bases = fresh.map((c) => {
    const venue = c.venueId ? venueName.get(c.venueId) : undefined;
    if (venue) return `${venue}相关聚集`;
    return `${placeName.get(villageOf(c.first.jpath)) ?? c.first.number}聚集性疫情`;
  });
  // Two outbreaks in one village are told apart by a number: 张营村聚集性疫情（2）.
  const taken = new Set(
    (
      await sql<{ name: string }>`
        select name from clusters
         where exists (select 1 from unnest(${[...new Set(bases)]}::text[]) b where starts_with(name, b))`.execute(
        db,
      )
    ).rows.map((r) => r.name),
  );
  return bases.map((base) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}（${n}）`;
    taken.add(name);
    return name;
  });
}

/** The village a case path lies in (or the deepest division it names), as a 12-digit code. */
export function villageOf(jpath: string): string {
  const digits = /^\d+/.exec(jpath)?.[0] ?? jpath;
  return digits.slice(0, 12).padEnd(12, '0');
}

async function reconcile(tx: Transaction<Database>, graph: Graph, now: Date): Promise<ClusterChanges> {
  const comps = components(graph);
  const referenced = [
    ...new Set([...graph.cases.values()].flatMap((c) => (c.cluster_id ? [c.cluster_id] : []))),
  ];
  const stored = referenced.length
    ? await sql<StoredCluster>`
        select cl.id, cl.name, cl.first_case_id, cl.size, cl.jpath, cl.merged_into, cl.created_at,
               fc.reported_at as first_at
          from clusters cl left join cases fc on fc.id = cl.first_case_id
         where cl.id = any(${referenced}::uuid[])`.execute(tx)
    : { rows: [] as StoredCluster[] };
  const clusters = new Map(stored.rows.map((c) => [c.id, c]));

  // Which component each live cluster goes to: the one holding its first case, else the one
  // holding most of its former members.
  const compOf = new Map<string, number>();
  comps.forEach((comp, i) => comp.members.forEach((m) => compOf.set(m.id, i)));
  const claims = new Map<string, Map<number, number>>();
  comps.forEach((comp, i) => {
    for (const m of comp.members) {
      const cl = m.cluster_id ? clusters.get(m.cluster_id) : undefined;
      if (!cl || cl.merged_into) continue;
      const byComp = claims.get(cl.id) ?? new Map<number, number>();
      byComp.set(i, (byComp.get(i) ?? 0) + 1);
      claims.set(cl.id, byComp);
    }
  });
  const owned = new Map<number, StoredCluster[]>();
  for (const [clusterId, byComp] of claims) {
    const cl = clusters.get(clusterId)!;
    const home = compOf.get(cl.first_case_id);
    const owner =
      home !== undefined && byComp.has(home)
        ? home
        : [...byComp].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]![0];
    owned.set(owner, [...(owned.get(owner) ?? []), cl]);
  }

  const todayStart = cstMidnight(cstDate(now));
  const updates: Array<{ id: string; size: number; first: string; jpath: string; merged: string | null }> =
    [];
  const changed: Array<{ id: string; jpath: string; size: number; mergedInto: string | null }> = [];
  const counts: ClusterChanges = { created: 0, updated: 0, merged: 0, dissolved: 0, cases: 0 };
  /** Clusters that went to a component, as its keeper or merged into it. */
  const placed = new Set<string>();
  const fresh: Component[] = [];
  comps.forEach((comp, i) => {
    const mine = (owned.get(i) ?? []).sort(
      (x, y) =>
        (x.first_at?.getTime() ?? Infinity) - (y.first_at?.getTime() ?? Infinity) ||
        x.created_at.getTime() - y.created_at.getTime() ||
        x.id.localeCompare(y.id),
    );
    const keeper = mine[0];
    if (!keeper) {
      fresh.push(comp);
      return;
    }
    comp.clusterId = keeper.id;
    placed.add(keeper.id);
    const size = comp.members.length;
    if (keeper.size !== size || keeper.first_case_id !== comp.first.id || keeper.jpath !== comp.jpath) {
      updates.push({ id: keeper.id, size, first: comp.first.id, jpath: comp.jpath, merged: null });
      changed.push({ id: keeper.id, jpath: comp.jpath, size, mergedInto: null });
      counts.updated++;
    }
    for (const younger of mine.slice(1)) {
      placed.add(younger.id);
      updates.push({
        id: younger.id,
        size: 0,
        first: younger.first_case_id,
        jpath: younger.jpath,
        merged: keeper.id,
      });
      changed.push({ id: younger.id, jpath: younger.jpath, size: 0, mergedInto: keeper.id });
      counts.merged++;
    }
  });
  // Clusters whose cases all ended up alone (a link or an itinerary entry was removed).
  for (const cl of clusters.values()) {
    if (placed.has(cl.id) || cl.merged_into || cl.size === 0) continue;
    updates.push({ id: cl.id, size: 0, first: cl.first_case_id, jpath: cl.jpath, merged: null });
    changed.push({ id: cl.id, jpath: cl.jpath, size: 0, mergedInto: null });
    counts.dissolved++;
  }

  if (fresh.length > 0) {
    const names = await autoNames(tx, fresh);
    const rows = fresh.map((comp, i) => {
      comp.clusterId = crypto.randomUUID();
      changed.push({ id: comp.clusterId, jpath: comp.jpath, size: comp.members.length, mergedInto: null });
      return {
        id: comp.clusterId,
        county_code: countyOfDivision(comp.jpath),
        jpath: comp.jpath,
        name: names[i]!,
        first_case_id: comp.first.id,
        size: comp.members.length,
        size_day_before: 0,
        created_at: now,
        updated_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 1000) {
      await tx
        .insertInto('clusters')
        .values(rows.slice(i, i + 1000))
        .execute();
    }
    counts.created = rows.length;
  }

  if (updates.length > 0) {
    await sql`
      update clusters cl
         set size_day_before = case when cl.updated_at < ${todayStart} then cl.size else cl.size_day_before end,
             size = v.size, first_case_id = v.first, jpath = v.jpath, county_code = v.county,
             merged_into = v.merged, updated_at = ${now}
        from unnest(${updates.map((u) => u.id)}::uuid[], ${updates.map((u) => u.size)}::int[],
                    ${updates.map((u) => u.first)}::uuid[], ${updates.map((u) => u.jpath)}::text[],
                    ${updates.map((u) => countyOfDivision(u.jpath))}::text[],
                    ${updates.map((u) => u.merged)}::uuid[]) as v(id, size, first, jpath, county, merged)
       where cl.id = v.id`.execute(tx);
  }

  // Members' cluster_id: the component's cluster, or none for a case alone.
  const target = new Map<string, string>();
  for (const comp of comps) for (const m of comp.members) target.set(m.id, comp.clusterId!);
  const moved = [...graph.cases.values()].filter((c) => (target.get(c.id) ?? null) !== c.cluster_id);
  for (let i = 0; i < moved.length; i += 5000) {
    const part = moved.slice(i, i + 5000);
    await sql`
      update cases c set cluster_id = v.cluster
        from unnest(${part.map((m) => m.county_code)}::text[], ${part.map((m) => m.id)}::uuid[],
                    ${part.map((m) => target.get(m.id) ?? null)}::uuid[]) as v(county, id, cluster)
       where c.county_code = v.county and c.id = v.id`.execute(tx);
  }
  counts.cases = moved.length;

  for (const c of changed) {
    await emitEvent(
      tx,
      CLUSTER_CHANGED,
      { clusterId: c.id, countyCode: countyOfDivision(c.jpath), size: c.size, mergedInto: c.mergedInto },
      c.jpath,
    );
  }
  return counts;
}

async function lock(tx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${LOCK_KEY}))`.execute(tx);
}

/**
 * Recomputes every cluster from the whole case graph, in one transaction, writing only what
 * differs. Idempotent. For tests, the benchmark, and a repair after rows were changed in the
 * database by hand (no event then says which cases to walk from).
 */
export async function recomputeClusters(
  db: Kysely<Database>,
  options: { now?: Date } = {},
): Promise<ClusterChanges> {
  return db.transaction().execute(async (tx) => {
    await lock(tx);
    return reconcile(tx, await wholeGraph(tx), options.now ?? new Date());
  });
}

/** Reconciles the clusters around some cases, inside the caller's transaction. */
export async function reconcileAround(
  tx: Transaction<Database>,
  caseIds: readonly string[],
  now = new Date(),
): Promise<ClusterChanges | null> {
  const seeds = [...new Set(caseIds)].filter((id) => UUID.test(id));
  if (seeds.length === 0) return null;
  await lock(tx);
  return reconcile(tx, await graphAround(tx, seeds), now);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idOf(payload: unknown, key: string): string | null {
  const value = (payload as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

/** The cases an event may have moved between clusters. */
async function seedsOf(tx: Transaction<Database>, event: OutboxEvent): Promise<string[]> {
  const caseId = idOf(event.payload, 'caseId');
  const contactId = idOf(event.payload, 'contactId');
  const seeds = caseId ? [caseId] : [];
  if (contactId) {
    // A contact matters to clusters only once it (or a secondary through it) became a case: a new
    // link to it from another case then joins that case's cluster.
    const converted = await sql<{ id: string }>`
      select k.converted_case_id as id from contacts k
       where k.id = ${contactId} and k.converted_case_id is not null
      union
      select k.converted_case_id from contact_links s
        join contacts k on k.county_code = s.county_code and k.id = s.contact_id
       where s.via_contact_id = ${contactId} and k.converted_case_id is not null`.execute(tx);
    seeds.push(...converted.rows.map((r) => r.id));
  }
  return seeds;
}

export const chainHandlers: readonly EventHandler[] = [
  {
    name: 'tracing.clusters',
    topics: [
      'tracing.case_created',
      'tracing.case_changed',
      'tracing.contact_converted',
      'tracing.contact_changed',
    ],
    handle: async (tx, event) => {
      await reconcileAround(tx, await seedsOf(tx, event));
    },
  },
];
